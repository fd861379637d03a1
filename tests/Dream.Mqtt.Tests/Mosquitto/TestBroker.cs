using Dream.Contracts.Broker;

namespace Dream.Mqtt.Tests.Mosquitto;

/// <summary>
/// The Mosquitto these tests use: a plain listener and a TLS listener that requires a client certificate, a password
/// per user, an ACL confining each device to its own topics, and persistence so a graceful restart keeps sessions.
/// </summary>
public static class TestBroker
{
    public const string Password = "s3cret-pw";

    public static Task<MosquittoProcess> StartAsync() => MosquittoProcess.StartAsync(MosquittoOptions.WithAccounts(
        new BrokerAccount("device1", Password, ["topic readwrite dream/v1/device1/#"]),
        new BrokerAccount("device2", Password, ["topic readwrite dream/v1/device2/#"]),
        new BrokerAccount("ledger", Password, ["topic read dream/v1/+/readings", "topic readwrite dream/v1/+/receipts"]),
        new BrokerAccount("admin", Password, ["topic readwrite #"])) with { Tls = true, Persistence = true });

    public static MqttClientOptions ClientOptions(this MosquittoProcess broker, string user, string? clientId = null) => new()
    {
        Host = "127.0.0.1",
        Port = broker.Port,
        ClientId = clientId ?? $"{user}-{Guid.NewGuid():N}",
        Username = user,
        Password = Password,
        ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
    };
}
