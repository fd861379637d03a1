using Dream.Mqtt.Packets;

namespace Dream.Mqtt.Transport;

/// <summary>
/// A QoS 1 or 2 publish from the call until its acknowledgement: first waiting for a send slot (the
/// server's receive maximum), then sent and unacknowledged. It outlives a connection when the session does.
/// </summary>
internal sealed class InFlightPublish(MqttMessage message, long sequence)
{
    public MqttMessage Message { get; } = message;

    /// <summary>Call order: messages are sent, and resent after a resumed session, in this order.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>Null until sent; then the packet as last sent (DUP set after a resend).</summary>
    public PublishPacket? Packet { get; set; }

    /// <summary>QoS 2 only: PUBREC arrived and PUBREL was sent; what remains is PUBCOMP.</summary>
    public MqttPublishResult? Received { get; set; }

    public TaskCompletionSource<MqttPublishResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
