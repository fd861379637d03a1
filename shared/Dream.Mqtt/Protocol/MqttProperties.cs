namespace Dream.Mqtt.Protocol;

/// <summary>
/// The properties of one packet (or of a will message). Absent properties are null; the codec checks
/// which properties each packet type may carry.
/// </summary>
public sealed class MqttProperties
{
    // Made on first use: every packet carries a properties object, and almost none carries either list.
    private List<int>? _subscriptionIdentifiers;
    private List<MqttUserProperty>? _userProperties;

    public byte? PayloadFormatIndicator { get; set; }

    public uint? MessageExpiryInterval { get; set; }

    public string? ContentType { get; set; }

    public string? ResponseTopic { get; set; }

    public ReadOnlyMemory<byte>? CorrelationData { get; set; }

    /// <summary>In PUBLISH it may repeat (one per matching subscription); in SUBSCRIBE at most one.</summary>
    public IList<int> SubscriptionIdentifiers => _subscriptionIdentifiers ??= [];

    public uint? SessionExpiryInterval { get; set; }

    public string? AssignedClientIdentifier { get; set; }

    public ushort? ServerKeepAlive { get; set; }

    public string? AuthenticationMethod { get; set; }

    public ReadOnlyMemory<byte>? AuthenticationData { get; set; }

    public byte? RequestProblemInformation { get; set; }

    public uint? WillDelayInterval { get; set; }

    public byte? RequestResponseInformation { get; set; }

    public string? ResponseInformation { get; set; }

    public string? ServerReference { get; set; }

    public string? ReasonString { get; set; }

    public ushort? ReceiveMaximum { get; set; }

    public ushort? TopicAliasMaximum { get; set; }

    public ushort? TopicAlias { get; set; }

    public byte? MaximumQoS { get; set; }

    public byte? RetainAvailable { get; set; }

    public IList<MqttUserProperty> UserProperties => _userProperties ??= [];

    public uint? MaximumPacketSize { get; set; }

    public byte? WildcardSubscriptionAvailable { get; set; }

    public byte? SubscriptionIdentifierAvailable { get; set; }

    public byte? SharedSubscriptionAvailable { get; set; }

    internal IReadOnlyList<int> SubscriptionIdentifiersOrEmpty => _subscriptionIdentifiers ?? (IReadOnlyList<int>)[];

    internal IReadOnlyList<MqttUserProperty> UserPropertiesOrEmpty => _userProperties ?? (IReadOnlyList<MqttUserProperty>)[];
}
