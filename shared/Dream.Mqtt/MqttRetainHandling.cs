namespace Dream.Mqtt;

/// <summary>Whether the server sends retained messages when a subscription is made (spec 3.8.3.1).</summary>
public enum MqttRetainHandling
{
    SendAtSubscribe = 0,
    SendAtSubscribeIfNew = 1,
    DoNotSend = 2,
}
