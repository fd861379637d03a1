using Dream.Ledger.State;
using Dream.Ledger.Trading;
using Dream.Market;

namespace Dream.Ledger.Tests.Market;

/// <summary>The delivery check's sum over deltas: exact up to the 64-bit range, a clear refusal beyond it, never wrapped.</summary>
public sealed class WindowExportTests
{
    private const long Quarter = 15 * 60_000;

    [Fact]
    public void A_sum_is_exact_up_to_the_64_bit_range_and_refused_beyond_it()
    {
        const long Half = long.MaxValue / 2;

        var exact = WindowExport.Measure([Slice(0, Half), Slice(1, Half + 1)], 0, 2 * Quarter);
        var error = Assert.Throws<MarketException>(() => WindowExport.Measure([Slice(0, Half + 1), Slice(1, Half + 1)], 0, 2 * Quarter));

        Assert.Equal(new MeteredExport(long.MaxValue, true), exact);
        Assert.Equal(MarketError.AmountOverflow, error.Error);
        Assert.Contains("export 9223372036854775808 Wh in all, beyond the 64-bit range", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_metering_view_refuses_readings_whose_export_does_not_fit_instead_of_wrapping()
    {
        using var ga = Ed25519PrivateKey.Generate();
        using var owner = Ed25519PrivateKey.Generate();
        var start = TestLedger.PastStartMs();
        await using var agent = new TestAgent(owner, start);
        var state = new LedgerState(ga.PublicKey.Did);
        state.ApplyRegistry(0, agent.Passport.Envelope.Countersign(ga));
        var readings = new MemoryReadingSource();
        for (var i = 0; i < 2; i++)
        {
            readings.Add(i + 1, agent.Draft(sequence: i + 1, startMs: start + (i * Quarter)) with { ExportWh = 5_000_000_000_000_000_000, DeltaExportWh = 5_000_000_000_000_000_000 });
        }

        var view = new LedgerMeteringView(state, readings, long.MaxValue);

        Assert.Equal(MarketError.AmountOverflow, Assert.Throws<MarketException>(() => view.ExportInWindow(agent.Passport.Id, start, start + (2 * Quarter))).Error);
        Assert.Equal(new MeteredExport(5_000_000_000_000_000_000, true), view.ExportInWindow(agent.Passport.Id, start, start + Quarter));
    }

    private static ExportSlice Slice(long sequence, long deltaExportWh) =>
        new(sequence, sequence * Quarter, (sequence + 1) * Quarter, deltaExportWh, ReadingQuality.None, sequence);
}
