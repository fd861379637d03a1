namespace Dream.Mqtt;

/// <summary>A QoS 1 or 2 publish whose acknowledgement will never come: the connection was lost without the session being resumed, or the client was disconnected. The message may or may not have reached the server.</summary>
public sealed class MqttNotAcknowledgedException : Exception
{
    public MqttNotAcknowledgedException()
    {
    }

    public MqttNotAcknowledgedException(string message)
        : base(message)
    {
    }

    public MqttNotAcknowledgedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
