using Dream.Edge.S0;
using Dream.Gpio;

namespace Dream.Edge.Tests;

public sealed class S0Tests : IDisposable
{
    private const uint PulseLine = 17;
    private const uint DirectionLine = 27;
    private const ulong Second = 1_000_000_000;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Pulses_become_energy_through_the_meter_constant_and_power_from_kernel_timestamps()
    {
        using var store = OutboxStore.Open(_directory.Combine("outbox.db"));
        using var chip = new FakeGpioChip();
        var counter = new S0PulseCounter(chip, store, "s0", PulseLine, DirectionLine);
        var now = 0UL;
        await using var meter = new S0Meter(counter, meterConstant: 1000, () => now);

        // 1000 imp/kWh: one pulse per Wh. Pulses 3.6 s apart mean 1 kW.
        for (var i = 1; i <= 5; i++)
        {
            chip.Edge(PulseLine, GpioEdge.Falling, (ulong)i * 36 * Second / 10);
            chip.Edge(PulseLine, GpioEdge.Rising, ((ulong)i * 36 * Second / 10) + (50 * Second / 1000));
        }

        await WaitAsync(() => chip.Consumed == 10);
        now = 18 * Second + (Second / 10);
        var sample = await meter.ReadAsync(CancellationToken.None);

        Assert.Equal(5, sample.ImportWh);
        Assert.Equal(0, sample.ExportWh);
        Assert.Equal(1000, sample.PowerW);
        Assert.Equal((5L, 0L), counter.Pulses);

        // No pulse for 36 s: the power can be at most one pulse per 36 s.
        now = (18 * Second) + (36 * Second);
        Assert.Equal(100, (await meter.ReadAsync(CancellationToken.None)).PowerW);
    }

    [Fact]
    public async Task A_restart_loses_no_counted_pulse()
    {
        var path = _directory.Combine("outbox.db");
        using (var store = OutboxStore.Open(path))
        using (var chip = new FakeGpioChip())
        {
            var counter = new S0PulseCounter(chip, store, "s0", PulseLine, null);
            await using var meter = new S0Meter(counter, 800, () => 0);
            for (var i = 1; i <= 7; i++)
            {
                chip.Edge(PulseLine, GpioEdge.Falling, (ulong)i * Second);
            }

            await WaitAsync(() => chip.Consumed == 7);
        }

        using (var store = OutboxStore.Open(path))
        using (var chip = new FakeGpioChip())
        {
            var counter = new S0PulseCounter(chip, store, "s0", PulseLine, null);
            Assert.Equal((7L, 0L), counter.Pulses);
            await using var meter = new S0Meter(counter, 800, () => 0);
            chip.Edge(PulseLine, GpioEdge.Falling, Second);
            await WaitAsync(() => chip.Consumed == 1);
            // 8 pulses at 800 imp/kWh = 10 Wh exactly.
            Assert.Equal(10, (await meter.ReadAsync(CancellationToken.None)).ImportWh);
        }
    }

    [Fact]
    public async Task The_direction_line_sends_pulses_to_export_and_kernel_sequence_gaps_are_counted()
    {
        using var store = OutboxStore.Open(_directory.Combine("outbox.db"));
        using var chip = new FakeGpioChip();
        var counter = new S0PulseCounter(chip, store, "s0", PulseLine, DirectionLine);
        await using var meter = new S0Meter(counter, 1000, () => 10 * Second);

        chip.Edge(PulseLine, GpioEdge.Falling, 1 * Second);
        await WaitAsync(() => chip.Consumed == 1);
        chip.SetValue(DirectionLine, true);
        chip.Edge(PulseLine, GpioEdge.Falling, 2 * Second);
        chip.Edge(PulseLine, GpioEdge.Falling, 3 * Second, skip: 2);
        await WaitAsync(() => chip.Consumed == 3);

        Assert.Equal((1L, 2L), counter.Pulses);
        Assert.Equal(2, counter.LostEvents);
        var sample = await meter.ReadAsync(CancellationToken.None);
        Assert.Equal(2, sample.ExportWh);
        Assert.True(sample.PowerW < 0);
        Assert.Equal(2, store.GetPulseCount("s0", S0PulseCounter.Export));
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            limit.Token.ThrowIfCancellationRequested();
            await Task.Delay(10, CancellationToken.None);
        }
    }
}
