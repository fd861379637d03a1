using Dream.Edge.Service;
using Microsoft.Extensions.Time.Testing;

namespace Dream.Edge.Tests.Fixtures;

/// <summary>
/// One in-process agent on a manual clock against a Modbus TCP meter, a real Mosquitto and the test ledger:
/// 1-minute intervals of 10-second samples, the meter's import register rising 125 Wh a sample.
/// </summary>
public sealed class AgentHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Channel<(long Time, StoredReading? Stored)> _ticks = Channel.CreateUnbounded<(long, StoredReading?)>();
    private readonly AgentBench _bench;
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;
    private HostedAgent _hosted = null!;
    private long _importWh = 100_000;

    private AgentHarness(AgentBench bench, string dataDirectory)
    {
        _bench = bench;
        DataDirectory = dataDirectory;
        Ledger.Clock = Time;
    }

    public FakeLedger Ledger => _bench.Ledger;

    public string DataDirectory { get; }

    public SimulatedRegisters Registers => _bench.Registers;

    public FakeTimeProvider Time { get; } = new(T0);

    public Ed25519PrivateKey Key { get; } = Ed25519PrivateKey.Generate();

    public Agent Agent => _hosted.Agent;

    public long ImportWh => _importWh;

    public static async Task<AgentHarness> StartAsync(string dataDirectory, int receiptTimeoutSeconds = 300)
    {
        var harness = new AgentHarness(await AgentBench.StartAsync(), dataDirectory);
        var options = harness._bench.Options("main", dataDirectory, receiptTimeoutSeconds: receiptTimeoutSeconds);
        harness._hosted = harness._bench.NewAgent(options, harness.Key, harness.Time);
        harness.Agent.TickCompleted += (_, t, stored) => harness._ticks.Writer.TryWrite((t, stored));
        harness.Registers.Set(harness._importWh / 1000f, 0f, 750);
        harness._run = harness._hosted.RunAsync(harness._stop.Token);
        return harness;
    }

    /// <summary>The meter counts 125 Wh more, the clock moves one sample period, and the agent's tick is awaited.</summary>
    public async Task<StoredReading?> TickAsync()
    {
        _importWh += 125;
        Registers.Set(_importWh / 1000f, 0f, 750);
        Time.Advance(TimeSpan.FromSeconds(10));
        var next = _ticks.Reader.ReadAsync().AsTask();
        if (await Task.WhenAny(next, _run).WaitAsync(TimeSpan.FromSeconds(10)) == _run)
        {
            await _run;
            throw new InvalidOperationException("The agent stopped.");
        }

        return (await next).Stored;
    }

    /// <summary>Ticks until the agent has signed reading <paramref name="sequence"/>.</summary>
    public async Task TickUntilSignedAsync(long sequence, int maxTicks = 200)
    {
        for (var i = 0; i < maxTicks && Agent.Outbox.Head.Sequence < sequence; i++)
        {
            await TickAsync();
        }

        Assert.True(Agent.Outbox.Head.Sequence >= sequence, $"reading {sequence} not signed after {maxTicks} ticks");
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            if (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _hosted.DisposeAsync();
        await _bench.DisposeAsync();
        Key.Dispose();
        _stop.Dispose();
    }
}
