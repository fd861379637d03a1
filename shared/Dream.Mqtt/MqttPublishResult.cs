namespace Dream.Mqtt;

/// <summary>The server's answer to a publish: the PUBACK (or PUBREC) reason code. QoS 0 always reports success once written.</summary>
public sealed record MqttPublishResult(MqttReasonCode ReasonCode, string? ReasonString = null)
{
    /// <summary>True for the success codes (below 0x80), including "no matching subscribers".</summary>
    public bool IsSuccess => (byte)ReasonCode < 0x80;
}
