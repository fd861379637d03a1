namespace Dream.Mqtt;

#pragma warning disable CA1028 // The wire value is two bits of a byte.
public enum MqttQualityOfService : byte
{
    AtMostOnce = 0,
    AtLeastOnce = 1,
    ExactlyOnce = 2,
}
#pragma warning restore CA1028
