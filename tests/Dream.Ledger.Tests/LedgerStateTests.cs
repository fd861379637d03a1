using Dream.Ledger.Registry;
using Dream.Ledger.Scheduling;
using Dream.Ledger.State;
using Microsoft.Extensions.Time.Testing;

namespace Dream.Ledger.Tests;

public sealed class LedgerStateTests : IDisposable
{
    private readonly Ed25519PrivateKey _ga = Ed25519PrivateKey.Generate();
    private readonly Ed25519PrivateKey _owner = Ed25519PrivateKey.Generate();
    private readonly LedgerState _state;
    private readonly TestAgent _agent;
    private long _index;

    public LedgerStateTests()
    {
        _state = new LedgerState(_ga.PublicKey.Did);
        _agent = new TestAgent(_owner, TestLedger.PastStartMs());
        _state.ApplyRegistry(_index++, _agent.Passport.Envelope.Countersign(_ga));
    }

    private ReadingVerdict Evaluate(SignedReading r) =>
        _state.Evaluate(r.Reading, r.Hash, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 120_000, (_, _) => null);

    private void Accept(SignedReading r)
    {
        Assert.True(Evaluate(r).IsAccepted);
        _state.Accept(r.Reading, r.Hash, _index++);
    }

    [Fact]
    public void A_broken_hash_chain_is_refused()
    {
        Accept(_agent.Next());
        var wrong = SignedReading.Create(_agent.Draft(previous: new string('a', 64)), _agent.Key);
        Assert.Equal(RejectReason.BrokenChain, Evaluate(wrong).Reason);
    }

    [Fact]
    public void Registers_never_go_back()
    {
        Accept(_agent.Next());
        var back = SignedReading.Create(_agent.Draft(importWh: _agent.ImportWh - 1) with { DeltaImportWh = 0 }, _agent.Key);
        Assert.Equal(RejectReason.RegisterWentBack, Evaluate(back).Reason);
    }

    [Fact]
    public void A_reading_under_another_passport_is_refused()
    {
        var other = SignedReading.Create(_agent.Draft() with { Passport = new string('b', 64) }, _agent.Key);
        Assert.Equal(RejectReason.PassportMismatch, Evaluate(other).Reason);
    }

    [Fact]
    public void A_gap_filled_later_must_chain_on_both_sides()
    {
        var r1 = _agent.Next();
        var r2 = _agent.Next();
        var r3 = _agent.Next();
        Accept(r1);
        Assert.Equal(ReadingOutcome.AcceptedAfterGap, Evaluate(r3).Outcome);
        _state.Accept(r3.Reading, r3.Hash, _index++);
        var impostor = SignedReading.Create(r2.Reading with { AvgW = 41 }, _agent.Key);
        Assert.Equal(RejectReason.BrokenChain, Evaluate(impostor).Reason);
        Accept(r2);
        Assert.Equal(3, _state.Chains[_agent.Device].Tip.Sequence);
    }

    [Fact]
    public void Registry_rules_hold_a_passport_once_and_revocations_by_the_grid_authority_only()
    {
        Assert.Throws<LedgerRuleException>(() => _state.ApplyRegistry(_index, _agent.Passport.Envelope.Countersign(_ga)));
        var revocation = new PassportRevocation { Passport = _agent.Passport.Id, Reason = "stolen", RevokedAtMs = 1_700_000_000_000 };
        Assert.Throws<LedgerRuleException>(() => _state.ApplyRegistry(_index, SignedEnvelope.Sign(revocation.ToPayload(), _owner)));
        _state.ApplyRegistry(_index++, SignedEnvelope.Sign(revocation.ToPayload(), _ga));
        Assert.Equal(RejectReason.RevokedDevice, Evaluate(_agent.Next()).Reason);
        var participant = new ParticipantRegistration { Did = _owner.PublicKey.Did, Role = ParticipantRole.GridAuthority, Name = "x", RegisteredAtMs = 1 };
        Assert.Throws<LedgerRuleException>(() => _state.ApplyRegistry(_index, SignedEnvelope.Sign(participant.ToPayload(), _ga)));
    }

    [Fact]
    public void Registry_payloads_are_strict()
    {
        var payload = new ParticipantRegistration { Did = _owner.PublicKey.Did, Role = ParticipantRole.Producer, Name = "Coop", RegisteredAtMs = 5 }.ToPayload();
        Assert.Equal(ParticipantRole.Producer, ParticipantRegistration.ParsePayload(payload).Role);
        var extra = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(payload).Replace("}", ",\"x\":1}", StringComparison.Ordinal));
        Assert.Equal(ContractError.ExtraField, Assert.Throws<ContractException>(() => ParticipantRegistration.ParsePayload(extra)).Error);
        var twice = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(payload).Replace("}", ",\"name\":\"y\"}", StringComparison.Ordinal));
        Assert.Equal(ContractError.ExtraField, Assert.Throws<ContractException>(() => ParticipantRegistration.ParsePayload(twice)).Error);
        var badRole = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(payload).Replace("producer", "king", StringComparison.Ordinal));
        Assert.Equal(ContractError.InvalidValue, Assert.Throws<ContractException>(() => ParticipantRegistration.ParsePayload(badRole)).Error);
    }

    [Fact]
    public async Task The_scheduler_runs_every_job_each_tick_and_survives_a_failing_one()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var scheduler = new LedgerScheduler(time);
        var runs = new List<string>();
        scheduler.Add(new Job("fails", () => throw new InvalidOperationException("boom")));
        scheduler.Add(new Job("counts", () => runs.Add("counts")));
        var failures = new List<string>();
        scheduler.JobFailed += (_, e) => failures.Add(e.Job);
        await scheduler.TickAsync(CancellationToken.None);
        await scheduler.TickAsync(CancellationToken.None);
        Assert.Equal(["counts", "counts"], runs);
        Assert.Equal(["fails", "fails"], failures);
    }

    public void Dispose()
    {
        _ga.Dispose();
        _owner.Dispose();
    }

    private sealed class Job(string name, Action action) : IScheduledJob
    {
        public string Name => name;

        public Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
        {
            action();
            return Task.CompletedTask;
        }
    }
}
