namespace Dream.Mqtt;

public sealed class MqttDisconnectedEventArgs(MqttReasonCode reasonCode, string? reasonString, Exception? exception, bool willReconnect) : EventArgs
{
    /// <summary>The DISCONNECT reason code: the server's, ours, or UnspecifiedError when the network failed.</summary>
    public MqttReasonCode ReasonCode { get; } = reasonCode;

    public string? ReasonString { get; } = reasonString;

    /// <summary>The I/O or protocol error that ended the connection, if any.</summary>
    public Exception? Exception { get; } = exception;

    public bool WillReconnect { get; } = willReconnect;
}
