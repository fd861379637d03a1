using Dream.Edge.Transport;

namespace Dream.Edge.Tests.Ports;

/// <summary>The agent's unit tests' in-memory transport keeps the same contract as the MQTT one.</summary>
#pragma warning disable CA1001 // xunit disposes through IAsyncLifetime.DisposeAsync
public sealed class InMemoryReadingTransportContractTests : ReadingTransportContract
{
    private InMemoryReadingTransport? _transport;

    public override Task InitializeAsync() => Task.CompletedTask;

    public override Task DisposeAsync() => Task.CompletedTask;

    protected override Task<IReadingTransport> CreateAsync(bool authorized)
    {
        _transport = new InMemoryReadingTransport(authorized);
        return Task.FromResult<IReadingTransport>(_transport);
    }

    protected override async Task<byte[]> NextReadingsAtLedgerAsync(CancellationToken cancellationToken) =>
        (await _transport!.Published.ReadAsync(cancellationToken)).ToArray();

    protected override Task SendReceiptAsync(string device, byte[] receipt)
    {
        if (device == Device)
        {
            _transport!.DeliverReceipt(receipt);
        }

        return Task.CompletedTask;
    }

    protected override Task BrokerVanishesAsync()
    {
        _transport!.BrokerVanishes();
        return Task.CompletedTask;
    }

    protected override Task BrokerReturnsAsync()
    {
        _transport!.BrokerReturns();
        return Task.CompletedTask;
    }
}
