namespace Dream.Mqtt;

/// <summary>
/// One topic filter and its subscription options. A shared subscription is just a filter of the form
/// <c>$share/{group}/{filter}</c>: the server hands each message to one member of the group.
/// </summary>
public sealed record MqttSubscription(
    string TopicFilter,
    MqttQualityOfService MaximumQoS = MqttQualityOfService.AtLeastOnce,
    bool NoLocal = false,
    bool RetainAsPublished = false,
    MqttRetainHandling RetainHandling = MqttRetainHandling.SendAtSubscribe);
