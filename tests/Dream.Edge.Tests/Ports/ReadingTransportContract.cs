using Dream.Edge.Transport;

namespace Dream.Edge.Tests.Ports;

/// <summary>
/// What any <see cref="IReadingTransport"/> must do for the agent: a publish completes only when the broker took
/// it, receipts for this device arrive (and no other device's), a broker that vanishes is reported Closed or
/// Unreachable and the link comes back by itself when it returns, and refused credentials are reported
/// NotAuthorized. Each implementation runs it through a subclass that plays the broker and the ledger.
/// </summary>
public abstract class ReadingTransportContract : IAsyncLifetime
{
    protected const string Device = "did:key:z6MkContractDevice";
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

    /// <summary>A transport for <see cref="Device"/>, with credentials the broker accepts or refuses.</summary>
    protected abstract Task<IReadingTransport> CreateAsync(bool authorized);

    /// <summary>The next message of readings as the ledger's side of the broker received it.</summary>
    protected abstract Task<byte[]> NextReadingsAtLedgerAsync(CancellationToken cancellationToken);

    /// <summary>The ledger sends a receipt to <paramref name="device"/>'s topic.</summary>
    protected abstract Task SendReceiptAsync(string device, byte[] receipt);

    protected abstract Task BrokerVanishesAsync();

    protected abstract Task BrokerReturnsAsync();

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task A_published_message_of_readings_completes_once_the_broker_took_it_and_reaches_the_ledger()
    {
        await using var transport = await CreateAsync(authorized: true);
        using var limit = new CancellationTokenSource(s_limit);
        await transport.ConnectAsync(limit.Token);
        Assert.True(transport.IsConnected);

        byte[] message = [.. "[{\"contract\":1}]"u8];
        await transport.PublishReadingsAsync(message, limit.Token);
        Assert.Equal(message, await NextReadingsAtLedgerAsync(limit.Token));
    }

    [Fact]
    public async Task Receipts_for_this_device_arrive_and_another_devices_do_not()
    {
        await using var transport = await CreateAsync(authorized: true);
        using var limit = new CancellationTokenSource(s_limit);
        await transport.ConnectAsync(limit.Token);
        await using var receipts = transport.ReceiptsAsync(limit.Token).GetAsyncEnumerator(limit.Token);
        var next = receipts.MoveNextAsync().AsTask();

        await SendReceiptAsync("did:key:z6MkSomeoneElse", [1, 2, 3]);
        await SendReceiptAsync(Device, [4, 5, 6]);

        Assert.True(await next);
        Assert.Equal([4, 5, 6], receipts.Current.ToArray());
    }

    [Fact]
    public async Task A_broker_that_vanishes_is_reported_closed_or_unreachable_and_the_link_recovers_when_it_returns()
    {
        await using var transport = await CreateAsync(authorized: true);
        var downs = Channel.CreateUnbounded<TransportDisconnectedEventArgs>();
        var ups = Channel.CreateUnbounded<TransportConnectedEventArgs>();
        transport.Disconnected += (_, e) => downs.Writer.TryWrite(e);
        transport.Connected += (_, e) => ups.Writer.TryWrite(e);
        using var limit = new CancellationTokenSource(s_limit);
        await transport.ConnectAsync(limit.Token);
        Assert.False((await ups.Reader.ReadAsync(limit.Token)).IsReconnect);

        await BrokerVanishesAsync();
        var down = await downs.Reader.ReadAsync(limit.Token);
        Assert.Contains(down.Kind, new[] { TransportErrorKind.Closed, TransportErrorKind.Unreachable });
        Assert.False(string.IsNullOrEmpty(down.Reason));
        Assert.NotNull(down.RetryIn);
        Assert.False(transport.IsConnected);

        await BrokerReturnsAsync();
        Assert.True((await ups.Reader.ReadAsync(limit.Token)).IsReconnect);
        Assert.True(transport.IsConnected);
        await transport.PublishReadingsAsync("[]"u8.ToArray(), limit.Token);

        // The receipt subscription came back with the link: a receipt sent now arrives (sent again until it
        // does, since the ledger's side may still be resubscribing to the returned broker itself).
        await using var receipts = transport.ReceiptsAsync(limit.Token).GetAsyncEnumerator(limit.Token);
        var next = receipts.MoveNextAsync().AsTask();
        while (!next.IsCompleted)
        {
            await SendReceiptAsync(Device, [7]);
            await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(200), limit.Token));
        }

        Assert.True(await next);
        Assert.Equal([7], receipts.Current.ToArray());
    }

    [Fact]
    public async Task Credentials_the_broker_refuses_are_reported_not_authorized_and_no_link_comes_up()
    {
        await using var transport = await CreateAsync(authorized: false);
        var downs = Channel.CreateUnbounded<TransportDisconnectedEventArgs>();
        transport.Disconnected += (_, e) => downs.Writer.TryWrite(e);
        using var stop = new CancellationTokenSource(s_limit);
        var connecting = transport.ConnectAsync(stop.Token);

        var down = await downs.Reader.ReadAsync(stop.Token);
        Assert.Equal(TransportErrorKind.NotAuthorized, down.Kind);
        Assert.False(transport.IsConnected);
        Assert.False(connecting.IsCompleted);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connecting);
    }
}
