namespace Dream.Mqtt;

/// <summary>The connection was lost while a request (SUBSCRIBE, UNSUBSCRIBE) waited for its answer.</summary>
public sealed class MqttConnectionLostException : Exception
{
    public MqttConnectionLostException()
    {
    }

    public MqttConnectionLostException(string message)
        : base(message)
    {
    }

    public MqttConnectionLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
