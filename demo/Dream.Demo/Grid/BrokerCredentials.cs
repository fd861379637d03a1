namespace Dream.Demo.Grid;

/// <summary>An MQTT user of the demo's broker and the topics its ACL lets it use.</summary>
internal sealed record BrokerCredentials(string User, string Password, IReadOnlyList<string> AclLines);
