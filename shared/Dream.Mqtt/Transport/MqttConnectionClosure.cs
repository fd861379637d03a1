namespace Dream.Mqtt.Transport;

/// <summary>Why a connection ended: the DISCONNECT reason (the server's or ours) and the error, if any.</summary>
internal sealed record MqttConnectionClosure(MqttReasonCode ReasonCode, string? ReasonString, Exception? Exception);
