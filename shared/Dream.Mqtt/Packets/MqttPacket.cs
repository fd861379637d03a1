namespace Dream.Mqtt.Packets;

/// <summary>One MQTT 5 control packet, as the sans-I/O codec sees it.</summary>
public abstract class MqttPacket
{
    public abstract MqttPacketType Type { get; }
}
