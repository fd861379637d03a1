using Dream.Edge.S0;
using Dream.Gpio;

namespace Dream.Edge.Tests.Ports;

/// <summary>The S0 pulse meter (1000 imp/kWh: one pulse a Wh) on a fake GPIO chip; the chip closing is the input gone.</summary>
#pragma warning disable CA1001 // xunit disposes through IAsyncLifetime.DisposeAsync
public sealed class S0MeterContractTests : MeterContract
{
    private const uint PulseLine = 17;
    private const uint DirectionLine = 27;
    private readonly TemporaryDirectory _directory = new();
    private readonly FakeGpioChip _chip = new();
    private OutboxStore _store = null!;
    private S0PulseCounter _counter = null!;

    protected override (long ImportWh, long ExportWh) Registers => (25, 3);

    public override Task InitializeAsync()
    {
        _store = OutboxStore.Open(_directory.Combine("outbox.db"));
        return Task.CompletedTask;
    }

    public override Task DisposeAsync()
    {
        _chip.Dispose();
        _store.Dispose();
        _directory.Dispose();
        return Task.CompletedTask;
    }

    protected override Task<IMeter> CreateAsync()
    {
        _counter = new S0PulseCounter(_chip, _store, "s0", PulseLine, DirectionLine);
        return Task.FromResult<IMeter>(new S0Meter(_counter, meterConstant: 1000, () => 0));
    }

    protected override async Task SetRegistersAsync()
    {
        ulong at = 1;
        void Pulses(long count, bool exporting)
        {
            _chip.SetValue(DirectionLine, exporting);
            for (var i = 0; i < count; i++)
            {
                _chip.Edge(PulseLine, GpioEdge.Falling, at++);
                _chip.Edge(PulseLine, GpioEdge.Rising, at++);
            }
        }

        Pulses(Registers.ImportWh, exporting: false);
        await WaitForPulsesAsync((Registers.ImportWh, 0));
        Pulses(Registers.ExportWh, exporting: true);
        await WaitForPulsesAsync(Registers);
    }

    protected override Task SourceVanishesAsync()
    {
        _chip.Dispose();
        return Task.CompletedTask;
    }

    private async Task WaitForPulsesAsync((long, long) expected)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (_counter.Pulses != expected)
        {
            await Task.Delay(10, limit.Token);
        }
    }
}
