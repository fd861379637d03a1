using Dream.Mqtt.Packets;

namespace Dream.Mqtt.Transport;

/// <summary>A QoS 1 or 2 publish sent and not yet acknowledged. It outlives a connection when the session does.</summary>
internal sealed class InFlightPublish(PublishPacket packet, long sequence)
{
    public PublishPacket Packet { get; set; } = packet;

    /// <summary>Send order, so that a resumed session resends in the original order.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>QoS 2 only: PUBREC arrived and PUBREL was sent; what remains is PUBCOMP.</summary>
    public MqttPublishResult? Received { get; set; }

    public TaskCompletionSource<MqttPublishResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
