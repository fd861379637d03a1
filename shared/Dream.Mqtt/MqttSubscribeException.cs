namespace Dream.Mqtt;

/// <summary>The server refused at least one topic filter of a SUBSCRIBE.</summary>
public sealed class MqttSubscribeException : Exception
{
    public MqttSubscribeException(string message, IReadOnlyList<MqttReasonCode> reasonCodes)
        : base(message)
    {
        ReasonCodes = reasonCodes;
    }

    /// <summary>One per requested filter, in order.</summary>
    public IReadOnlyList<MqttReasonCode> ReasonCodes { get; }
}
