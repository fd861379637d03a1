namespace Dream.Mqtt;

/// <summary>
/// The one exception the codec raises for bytes that are not a valid MQTT 5 packet (malformed, truncated,
/// forbidden by the spec, or larger than the agreed maximum packet size).
/// </summary>
public sealed class MqttProtocolException : Exception
{
    public MqttProtocolException()
        : this("Malformed MQTT packet.")
    {
    }

    public MqttProtocolException(string message)
        : this(message, MqttReasonCode.MalformedPacket)
    {
    }

    public MqttProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        ReasonCode = MqttReasonCode.MalformedPacket;
    }

    public MqttProtocolException(string message, MqttReasonCode reasonCode)
        : base(message)
    {
        ReasonCode = reasonCode;
    }

    /// <summary>The reason code a peer would send in DISCONNECT for this fault.</summary>
    public MqttReasonCode ReasonCode { get; }
}
