using Dream.Edge.MqttTransport;
using Dream.Edge.Transport;
using Dream.Mqtt;

namespace Dream.Edge.Tests.Ports;

/// <summary>
/// The Dream.Mqtt transport against a real Mosquitto that requires passwords (the device's, and the ledger's
/// for the side that reads readings and sends receipts), killed and restarted on the same port for the outage.
/// </summary>
#pragma warning disable CA1001 // xunit disposes through IAsyncLifetime.DisposeAsync
public sealed class MqttReadingTransportContractTests : ReadingTransportContract
{
    private readonly TemporaryDirectory _directory = new();
    private MosquittoProcess _broker = null!;
    private MqttClient _ledger = null!;

    public override async Task InitializeAsync()
    {
        var passwords = _directory.Combine("passwords");
        foreach (var (user, password, create) in new[] { ("device", "right", true), ("ledger", "ledger", false) })
        {
            string[] arguments = create ? ["-b", "-c", passwords, user, password] : ["-b", passwords, user, password];
            var result = await ExternalProgram.RunAsync("mosquitto_passwd", arguments);
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        _broker = await MosquittoProcess.StartAsync($"allow_anonymous false\npassword_file {passwords}\n");
        _ledger = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = _broker.Port, ClientId = "contract-ledger", Username = "ledger", Password = "ledger" });
        await _ledger.ConnectAsync();
        await _ledger.SubscribeAsync(Topics.Readings(Device), MqttQualityOfService.AtLeastOnce);
    }

    public override async Task DisposeAsync()
    {
        await _ledger.DisposeAsync();
        await _broker.DisposeAsync();
        _directory.Dispose();
    }

    protected override Task<IReadingTransport> CreateAsync(bool authorized) => Task.FromResult<IReadingTransport>(new MqttReadingTransport(
        new BrokerOptions { Host = "127.0.0.1", Port = _broker.Port, Username = "device", Password = authorized ? "right" : "wrong" }, Device));

    protected override async Task<byte[]> NextReadingsAtLedgerAsync(CancellationToken cancellationToken)
    {
        await foreach (var message in _ledger.Messages.ReadAllAsync(cancellationToken))
        {
            if (message.Topic == Topics.Readings(Device))
            {
                return message.Payload.ToArray();
            }
        }

        throw new InvalidOperationException("The ledger's client stopped.");
    }

    protected override async Task SendReceiptAsync(string device, byte[] receipt)
    {
        // Waits while the ledger's own client reconnects to a returned broker; bounded like the contract's steps.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _ledger.PublishAsync(Topics.Receipts(device), receipt, MqttQualityOfService.AtLeastOnce, false, limit.Token);
    }

    protected override Task BrokerVanishesAsync() => _broker.StopAsync();

    protected override Task BrokerReturnsAsync() => _broker.StartAgainAsync();
}
