using Dream.Ledger.Registry;
using Dream.Ledger.State;

namespace Dream.Ledger.Tests;

/// <summary>
/// The ledger checks each reading's energy against what it is measured from (docs/formats.md, "What the ledger
/// checks"): the previous reading, the registers read at pairing, the readings on both sides of a filled gap, and
/// the metering point's rating. Replay applies the same rules; version-1 passports keep their legacy rule.
/// </summary>
public sealed class ReadingEnergyTests : IDisposable
{
    private const long FiveMinutes = 300_000;
    private readonly Ed25519PrivateKey _ga = Ed25519PrivateKey.Generate();
    private readonly Ed25519PrivateKey _owner = Ed25519PrivateKey.Generate();
    private readonly LedgerState _state;
    private readonly List<SignedEnvelope> _log = [];
    private readonly List<TestAgent> _agents = [];

    public ReadingEnergyTests()
    {
        _state = new LedgerState(_ga.PublicKey.Did);
    }

    [Fact]
    public void A_delta_that_is_not_the_rise_of_its_register_since_the_previous_reading_is_refused()
    {
        var agent = NewAgent();
        Accept(agent.Next());
        var next = agent.Draft() with { ExportWh = 5_000, DeltaExportWh = 5_000 };

        var more = Evaluate(Sign(agent, next with { DeltaImportWh = 11 }));
        var lessExport = Evaluate(Sign(agent, next with { DeltaExportWh = 4_999 }));

        Assert.Equal(RejectReason.DeltaMismatch, more.Reason);
        Assert.Contains("rose 10/5000 Wh since reading 1", more.Detail, StringComparison.Ordinal);
        Assert.Equal(RejectReason.DeltaMismatch, lessExport.Reason);
        Accept(Sign(agent, next));
    }

    [Fact]
    public void The_first_reading_is_measured_from_the_registers_read_at_pairing()
    {
        var agent = NewAgent();
        var first = agent.Draft();
        Assert.Equal((1010, 10), (first.ImportWh, first.DeltaImportWh));

        var wholeRegister = Evaluate(Sign(agent, first with { DeltaImportWh = 1010 }));
        var belowPairing = Evaluate(Sign(agent, first with { ImportWh = 999, DeltaImportWh = 0 }));

        Assert.Equal(RejectReason.DeltaMismatch, wholeRegister.Reason);
        Assert.Contains($"since the pairing registers of passport {agent.Passport.Id}", wholeRegister.Detail, StringComparison.Ordinal);
        Assert.Equal(RejectReason.RegisterWentBack, belowPairing.Reason);
        Accept(Sign(agent, first));
    }

    [Fact]
    public void Before_a_gap_is_filled_a_reading_above_it_cannot_claim_more_than_its_registers_rose()
    {
        var agent = NewAgent();
        var r1 = Reading(agent, 1, IntervalReading.GenesisHash, 1010, 10);
        var r2 = Reading(agent, 2, r1.Hash, 1020, 10);
        Accept(r1);

        var greedy = Evaluate(Reading(agent, 3, r2.Hash, 1030, 21));
        var r3 = Reading(agent, 3, r2.Hash, 1030, 10);

        Assert.Equal(RejectReason.DeltaMismatch, greedy.Reason);
        Assert.Contains("more than its registers rose since reading 1 (20/0 Wh)", greedy.Detail, StringComparison.Ordinal);
        Assert.Equal(ReadingOutcome.AcceptedAfterGap, Evaluate(r3).Outcome);
        Accept(r3);
        Accept(r2);
        Assert.Equal(3, _state.Chains[agent.Device].Tip.Sequence);
    }

    [Fact]
    public void A_reading_filling_a_gap_must_agree_with_the_reading_below_it()
    {
        var agent = NewAgent();
        var r1 = Reading(agent, 1, IntervalReading.GenesisHash, 1010, 10);
        var r2 = Reading(agent, 2, r1.Hash, 1020, 7);
        var r3 = Reading(agent, 3, r2.Hash, 1030, 10);
        Accept(r1);
        Accept(r3);

        var verdict = Evaluate(r2);

        Assert.Equal(RejectReason.DeltaMismatch, verdict.Reason);
        Assert.Contains("The deltas of this reading are 7/0 Wh (import/export); its registers rose 10/0 Wh since reading 1", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reading_filling_a_gap_must_agree_with_the_reading_above_it()
    {
        var agent = NewAgent();
        var r1 = Reading(agent, 1, IntervalReading.GenesisHash, 1010, 10);
        var r2 = Reading(agent, 2, r1.Hash, 1020, 10);
        var r3 = Reading(agent, 3, r2.Hash, 1030, 15);
        Accept(r1);
        Accept(r3); // 15 Wh is within the 20 Wh the registers rose since reading 1

        var verdict = Evaluate(r2);

        Assert.Equal(RejectReason.DeltaMismatch, verdict.Reason);
        Assert.Contains("The deltas of the later reading 3 are 15/0 Wh", verdict.Detail, StringComparison.Ordinal);
        Assert.Contains("rose 10/0 Wh since this reading", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reading_below_a_gap_that_remains_must_leave_room_for_the_delta_of_the_reading_above()
    {
        var agent = NewAgent();
        var r1 = Reading(agent, 1, IntervalReading.GenesisHash, 1010, 10);
        var r2 = Reading(agent, 2, r1.Hash, 1035, 25);
        var r4 = Reading(agent, 4, new string('4', 64), 1040, 10); // measured from 1030 Wh: reading 3 ended there
        Accept(r1);
        Accept(r4);

        var verdict = Evaluate(r2);

        Assert.Equal(RejectReason.DeltaMismatch, verdict.Reason);
        Assert.Contains("The deltas of the later reading 4 are 10/0 Wh (import/export), more than its registers rose since this reading (5/0 Wh)", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Five_billion_watt_hours_in_five_minutes_is_refused_and_a_reading_just_within_the_rating_is_accepted()
    {
        var agent = NewAgent();
        Accept(agent.Next());
        var fiveMinutes = agent.Draft() with { EndMs = agent.NextStartMs + FiveMinutes, DeltaImportWh = 0, ImportWh = agent.ImportWh };
        var limit = EnergyBound.LimitWh(agent.Passport.Passport, FiveMinutes);

        var absurd = Evaluate(Sign(agent, fiveMinutes with { ExportWh = 5_000_000_000, DeltaExportWh = 5_000_000_000 }));
        var oneTooMany = Evaluate(Sign(agent, fiveMinutes with { ExportWh = 6_426, DeltaExportWh = 6_426 }));

        // 69 kW x 5 min = 5750 Wh, +10 % = 6325 Wh, + 100 Wh of register resolution.
        Assert.Equal(6_425, limit);
        Assert.Equal(RejectReason.ImplausibleEnergy, absurd.Reason);
        Assert.Contains("a 69000 W metering point measures at most 6425 Wh in that time", absurd.Detail, StringComparison.Ordinal);
        Assert.Equal(RejectReason.ImplausibleEnergy, oneTooMany.Reason);
        Accept(Sign(agent, fiveMinutes with { ExportWh = 6_425, DeltaExportWh = 6_425 }));
    }

    [Fact]
    public void The_first_reading_is_bounded_by_the_time_since_pairing()
    {
        var start = TestLedger.PastStartMs();
        var agent = NewAgent(installedAtMs: start + (10 * 60_000), firstStartMs: start); // paired 5 minutes before the interval ends
        var first = agent.Draft();

        var tooMuch = Evaluate(Sign(agent, first with { ImportWh = 1000 + 6_426, DeltaImportWh = 6_426 }));

        Assert.Equal(RejectReason.ImplausibleEnergy, tooMuch.Reason);
        Assert.Contains("in the 300000 ms since the pairing registers", tooMuch.Detail, StringComparison.Ordinal);
        Accept(Sign(agent, first with { ImportWh = 1000 + 6_425, DeltaImportWh = 6_425 }));
    }

    [Fact]
    public void A_new_meter_under_a_new_passport_starts_from_its_own_pairing_registers()
    {
        var agent = NewAgent();
        Accept(agent.Next());
        var last = agent.Next();
        Accept(last);
        var revocation = SignedEnvelope.Sign(new PassportRevocation { Passport = agent.Passport.Id, Reason = "meter replaced", RevokedAtMs = last.Reading.EndMs }.ToPayload(), _ga);
        Apply(revocation);
        var swapped = SignedPassport.Create(agent.Passport.Passport with { Serial = "replacement", InstalledAtMs = last.Reading.EndMs, PairingImportWh = 50 }, agent.Key, agent.Installer);
        Apply(swapped.Envelope.Countersign(_ga));
        var first = agent.Draft() with { Passport = swapped.Id, ImportWh = 60, DeltaImportWh = 10 };

        var fromOldMeter = Evaluate(Sign(agent, first with { DeltaImportWh = 0 }));

        Assert.Equal(RejectReason.DeltaMismatch, fromOldMeter.Reason);
        Assert.Contains($"since the pairing registers of passport {swapped.Id}", fromOldMeter.Detail, StringComparison.Ordinal);
        Accept(Sign(agent, first));
    }

    [Fact]
    public void Version_1_passports_keep_the_legacy_first_delta_and_get_the_predecessor_rule_and_a_default_rating()
    {
        var agent = NewAgent(passportVersion: 1);
        var first = agent.Draft() with { ImportWh = 1010, DeltaImportWh = 1010 }; // no pairing registers: any delta up to the register
        Accept(agent.Advance(Sign(agent, first)));
        var fiveMinutes = agent.Draft() with { EndMs = agent.NextStartMs + FiveMinutes };

        var mismatch = Evaluate(Sign(agent, fiveMinutes with { DeltaImportWh = 9 }));
        var absurd = Evaluate(Sign(agent, fiveMinutes with { ExportWh = 5_000_000_000, DeltaExportWh = 5_000_000_000 }));

        Assert.Equal(RejectReason.DeltaMismatch, mismatch.Reason);
        Assert.Equal(RejectReason.ImplausibleEnergy, absurd.Reason);
        Assert.Equal(91_666_767, EnergyBound.LimitWh(agent.Passport.Passport, FiveMinutes)); // 1 GW x 5 min x 1.1, + 100 Wh
        Accept(agent.Advance(Sign(agent, fiveMinutes)));
    }

    [Fact]
    public void A_log_with_version_1_and_version_2_passports_replays_with_every_signature_and_rule()
    {
        var legacy = NewAgent(passportVersion: 1);
        var current = NewAgent();
        foreach (var agent in new[] { legacy, current })
        {
            Accept(agent.Next());
            Accept(agent.Next());
        }

        var replayed = new LedgerState(_ga.PublicKey.Did);
        for (var i = 0; i < _log.Count; i++)
        {
            replayed.Replay(i, _log[i], verifySignatures: true);
        }

        Assert.Equal(4, replayed.ReadingCount);
        Assert.Equal(1, replayed.Passports[legacy.Passport.Id].Passport.Passport.Version);
        Assert.Equal(_state.Chains[legacy.Device].Tip, replayed.Chains[legacy.Device].Tip);
        Assert.Equal(_state.Chains[current.Device].Tip, replayed.Chains[current.Device].Tip);
    }

    [Fact]
    public void Replay_refuses_a_logged_reading_that_breaks_the_energy_rules()
    {
        var start = TestLedger.PastStartMs();
        var agent = NewAgent(installedAtMs: start, firstStartMs: start);
        var mismatch = new List<SignedEnvelope>(_log) { Sign(agent, agent.Draft() with { DeltaImportWh = 9 }).Envelope };
        var implausible = new List<SignedEnvelope>(_log) { Sign(agent, agent.Draft() with { ImportWh = 1000 + 5_000_000_000, DeltaImportWh = 5_000_000_000 }).Envelope };

        Assert.Contains("delta_mismatch", ReplayError(mismatch), StringComparison.Ordinal);
        Assert.Contains("implausible_energy", ReplayError(implausible), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var agent in _agents)
        {
            agent.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        _ga.Dispose();
        _owner.Dispose();
    }

    private string ReplayError(List<SignedEnvelope> log)
    {
        var state = new LedgerState(_ga.PublicKey.Did);
        for (var i = 0; i < log.Count - 1; i++)
        {
            state.Replay(i, log[i], verifySignatures: true);
        }

        return Assert.Throws<LedgerRuleException>(() => state.Replay(log.Count - 1, log[^1], verifySignatures: true)).Message;
    }

    private TestAgent NewAgent(int passportVersion = 2, long installedAtMs = 1_700_000_000_000, long? firstStartMs = null)
    {
        var agent = new TestAgent(_owner, firstStartMs ?? TestLedger.PastStartMs(), passportVersion: passportVersion, installedAtMs: installedAtMs);
        _agents.Add(agent);
        Apply(agent.Passport.Envelope.Countersign(_ga));
        return agent;
    }

    private void Apply(SignedEnvelope registry)
    {
        _state.ApplyRegistry(_log.Count, registry);
        _log.Add(registry);
    }

    private ReadingVerdict Evaluate(SignedReading reading) => _state.Evaluate(reading.Reading, reading.Hash, long.MaxValue, -1, (_, _) => null);

    private void Accept(SignedReading reading)
    {
        var verdict = Evaluate(reading);
        Assert.True(verdict.IsAccepted, $"{verdict.Reason}: {verdict.Detail}");
        _state.Accept(reading.Reading, reading.Hash, _log.Count);
        _log.Add(reading.Envelope);
    }

    private static SignedReading Sign(TestAgent agent, IntervalReading reading) => SignedReading.Create(reading, agent.Key);

    /// <summary>Reading <paramref name="sequence"/> of a hand-made chain: the agent's first interval plus (sequence − 1) intervals.</summary>
    private static SignedReading Reading(TestAgent agent, long sequence, string previous, long importWh, long deltaImportWh) =>
        Sign(agent, agent.Draft(sequence, previous, importWh, agent.NextStartMs + ((sequence - 1) * TestAgent.Interval)) with { DeltaImportWh = deltaImportWh });
}
