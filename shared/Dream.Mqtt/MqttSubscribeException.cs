namespace Dream.Mqtt;

/// <summary>The server refused at least one topic filter of a SUBSCRIBE.</summary>
public sealed class MqttSubscribeException : Exception
{
    public MqttSubscribeException()
    {
    }

    public MqttSubscribeException(string message)
        : base(message)
    {
    }

    public MqttSubscribeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MqttSubscribeException(string message, IReadOnlyList<MqttReasonCode> reasonCodes)
        : base(message)
    {
        ReasonCodes = reasonCodes;
    }

    /// <summary>One per requested filter, in order.</summary>
    public IReadOnlyList<MqttReasonCode> ReasonCodes { get; } = [];
}
