namespace Dream.Mqtt.Protocol;

/// <summary>Which packet may carry which property (spec table 2-4). A will's properties use <see cref="MqttPacketType.Reserved"/>.</summary>
internal static class MqttPropertyRules
{
    private const int Will = 1 << (int)MqttPacketType.Reserved;
    private const int Connect = 1 << (int)MqttPacketType.Connect;
    private const int ConnAck = 1 << (int)MqttPacketType.ConnAck;
    private const int Publish = 1 << (int)MqttPacketType.Publish;
    private const int PubAck = 1 << (int)MqttPacketType.PubAck;
    private const int PubRec = 1 << (int)MqttPacketType.PubRec;
    private const int PubRel = 1 << (int)MqttPacketType.PubRel;
    private const int PubComp = 1 << (int)MqttPacketType.PubComp;
    private const int Subscribe = 1 << (int)MqttPacketType.Subscribe;
    private const int SubAck = 1 << (int)MqttPacketType.SubAck;
    private const int Unsubscribe = 1 << (int)MqttPacketType.Unsubscribe;
    private const int UnsubAck = 1 << (int)MqttPacketType.UnsubAck;
    private const int Disconnect = 1 << (int)MqttPacketType.Disconnect;
    private const int Auth = 1 << (int)MqttPacketType.Auth;

    public static bool IsAllowed(MqttPropertyId id, MqttPacketType context) => (AllowedIn(id) & (1 << (int)context)) != 0;

    private static int AllowedIn(MqttPropertyId id) => id switch
    {
        MqttPropertyId.PayloadFormatIndicator or MqttPropertyId.MessageExpiryInterval or MqttPropertyId.ContentType
            or MqttPropertyId.ResponseTopic or MqttPropertyId.CorrelationData => Publish | Will,
        MqttPropertyId.SubscriptionIdentifier => Publish | Subscribe,
        MqttPropertyId.SessionExpiryInterval => Connect | ConnAck | Disconnect,
        MqttPropertyId.AssignedClientIdentifier or MqttPropertyId.ServerKeepAlive or MqttPropertyId.ResponseInformation
            or MqttPropertyId.MaximumQoS or MqttPropertyId.RetainAvailable or MqttPropertyId.WildcardSubscriptionAvailable
            or MqttPropertyId.SubscriptionIdentifierAvailable or MqttPropertyId.SharedSubscriptionAvailable => ConnAck,
        MqttPropertyId.AuthenticationMethod or MqttPropertyId.AuthenticationData => Connect | ConnAck | Auth,
        MqttPropertyId.RequestProblemInformation or MqttPropertyId.RequestResponseInformation => Connect,
        MqttPropertyId.WillDelayInterval => Will,
        MqttPropertyId.ServerReference => ConnAck | Disconnect,
        MqttPropertyId.ReasonString => ConnAck | PubAck | PubRec | PubRel | PubComp | SubAck | UnsubAck | Disconnect | Auth,
        MqttPropertyId.ReceiveMaximum or MqttPropertyId.TopicAliasMaximum or MqttPropertyId.MaximumPacketSize => Connect | ConnAck,
        MqttPropertyId.TopicAlias => Publish,
        MqttPropertyId.UserProperty => Will | Connect | ConnAck | Publish | PubAck | PubRec | PubRel | PubComp | Subscribe
            | SubAck | Unsubscribe | UnsubAck | Disconnect | Auth,
        _ => 0,
    };
}
