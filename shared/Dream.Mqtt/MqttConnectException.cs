namespace Dream.Mqtt;

/// <summary>The server refused the connection, or it could not be established.</summary>
public sealed class MqttConnectException : Exception
{
    public MqttConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MqttConnectException(string message, MqttReasonCode reasonCode)
        : base(message)
    {
        ReasonCode = reasonCode;
    }

    /// <summary>The CONNACK reason code, or null when no CONNACK arrived (network or TLS failure).</summary>
    public MqttReasonCode? ReasonCode { get; }
}
