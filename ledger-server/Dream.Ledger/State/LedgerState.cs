using Dream.Contracts.Json;
using Dream.Ledger.Log;
using Dream.Ledger.Registry;

namespace Dream.Ledger.State;

/// <summary>
/// Everything derived from the log: participants, passports and each device's hash chain. The same rules
/// run when ingest decides and when an auditor replays the log, so a replay recomputes this state exactly.
/// Not thread-safe: one writer owns it.
/// </summary>
public sealed class LedgerState
{
    private readonly Dictionary<string, ParticipantRecord> _participants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PassportRecord> _passports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PassportRecord> _activeByDevice = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PassportRecord> _revokedByDevice = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeviceChain> _chains = new(StringComparer.Ordinal);

    public LedgerState(string gridAuthorityDid)
    {
        GridAuthorityDid = gridAuthorityDid;
    }

    public string GridAuthorityDid { get; }

    public IReadOnlyDictionary<string, ParticipantRecord> Participants => _participants;

    public IReadOnlyDictionary<string, PassportRecord> Passports => _passports;

    public IReadOnlyDictionary<string, DeviceChain> Chains => _chains;

    public long ReadingCount { get; private set; }

    /// <summary>The market's state, replayed from the market entries of the same log (see Trading/).</summary>
    public Dream.Market.State.MarketState Market { get; } = new();

    /// <summary>Bids, settlements and creating transactions of the market, for queries.</summary>
    public Trading.MarketBook MarketBook { get; } = new();

    /// <summary>Where a market entry's replay reads the readings logged before it; set by whoever replays.</summary>
    public Trading.IReadingSource? MarketReadings { get; set; }

    public PassportRecord? ActivePassport(string device) => _activeByDevice.GetValueOrDefault(device);

    /// <summary>The entry's kind from its payload type; null when it is none the ledger logs.</summary>
    public static EntryKind? KindOf(SignedEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return StrictJson.PeekType(envelope.Payload) switch
        {
            ParticipantRegistration.Type => EntryKind.Participant,
            ProductPassport.TypeV1 or ProductPassport.TypeV2 => EntryKind.Passport,
            PassportRevocation.Type => EntryKind.PassportRevocation,
            IntervalReading.Type => EntryKind.Reading,
            { } type when Dream.Market.Transactions.PayloadTypes.IsMarketType(type) => EntryKind.Market,
            _ => null,
        };
    }

    /// <summary>
    /// Replays one log entry. <paramref name="verifySignatures"/> is for auditors; the server trusts its own
    /// store at start-up. Throws <see cref="LedgerRuleException"/> or <see cref="ContractException"/> when the
    /// entry could not have been accepted.
    /// </summary>
    public AppliedEntry Replay(long index, SignedEnvelope envelope, bool verifySignatures)
    {
        var kind = KindOf(envelope) ?? throw new LedgerRuleException($"Entry {index} has a payload type the ledger does not log.");
        if (kind == EntryKind.Market)
        {
            Trading.MarketEntries.Replay(this, index, envelope);
            return new AppliedEntry(kind, null, 0);
        }

        if (kind != EntryKind.Reading)
        {
            ApplyRegistry(index, envelope);
            return new AppliedEntry(kind, null, 0);
        }

        if (verifySignatures)
        {
            SignedReading.Verify(envelope);
        }

        var reading = IntervalReading.ParsePayload(envelope.Payload);
        var hash = Hex.Sha256(envelope.Payload.Span);
        var verdict = Evaluate(reading, hash, long.MaxValue, 0, static (_, _) => null);
        if (!verdict.IsAccepted)
        {
            throw new LedgerRuleException($"Entry {index} (reading {reading.Sequence} of {reading.Device}) could not have been accepted: {RejectReasons.Name(verdict.Reason)}: {verdict.Detail}");
        }

        Accept(reading, hash, index);
        return new AppliedEntry(kind, reading.Device, reading.Sequence);
    }

    /// <summary>Checks a registry transaction against the rules and, if it holds, applies it.</summary>
    public EntryKind ApplyRegistry(long index, SignedEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var kind = KindOf(envelope);
        switch (kind)
        {
            case EntryKind.Participant:
                {
                    var registration = ParticipantRegistration.ParsePayload(envelope.Payload);
                    RequireSignedByGridAuthorityAlone(envelope, "participant registration");
                    if (_participants.ContainsKey(registration.Did))
                    {
                        throw new LedgerRuleException($"{registration.Did} is already a registered participant.");
                    }

                    if ((registration.Role == ParticipantRole.GridAuthority) != (registration.Did == GridAuthorityDid))
                    {
                        throw new LedgerRuleException("Only the grid authority's own key has the grid-authority role.");
                    }

                    _participants[registration.Did] = new ParticipantRecord(registration.Did, registration.Role, registration.Name, registration.RegisteredAtMs, index);
                    return EntryKind.Participant;
                }

            case EntryKind.Passport:
                {
                    var passport = SignedPassport.Verify(envelope);
                    if (envelope.Signatures.Count != 3 || envelope.Signatures[2].Signer != GridAuthorityDid)
                    {
                        throw new LedgerRuleException("An approved passport carries exactly three signatures: device, installer, grid authority.");
                    }

                    if (_passports.ContainsKey(passport.Id))
                    {
                        throw new LedgerRuleException($"Passport {passport.Id} is already approved.");
                    }

                    if (_activeByDevice.TryGetValue(passport.Passport.Device, out var active))
                    {
                        throw new LedgerRuleException($"Device {passport.Passport.Device} already has the active passport {active.Id}; revoke it first.");
                    }

                    var record = new PassportRecord(passport, index);
                    _passports[passport.Id] = record;
                    _activeByDevice[passport.Passport.Device] = record;
                    _revokedByDevice.Remove(passport.Passport.Device);
                    return EntryKind.Passport;
                }

            case EntryKind.PassportRevocation:
                {
                    var revocation = PassportRevocation.ParsePayload(envelope.Payload);
                    RequireSignedByGridAuthorityAlone(envelope, "passport revocation");
                    if (!_passports.TryGetValue(revocation.Passport, out var record))
                    {
                        throw new LedgerRuleException($"Passport {revocation.Passport} is not an approved passport.");
                    }

                    if (record.Revocation is not null)
                    {
                        throw new LedgerRuleException($"Passport {revocation.Passport} is already revoked.");
                    }

                    record.Revocation = revocation;
                    record.RevocationLogIndex = index;
                    _activeByDevice.Remove(record.Passport.Passport.Device);
                    _revokedByDevice[record.Passport.Passport.Device] = record;
                    return EntryKind.PassportRevocation;
                }

            default:
                throw new LedgerRuleException("The envelope is not a registry transaction (participant, passport or revocation).");
        }
    }

    /// <summary>
    /// The ingest rules for a reading whose signature has been verified. <paramref name="olderLink"/> finds a
    /// stored reading below the chain's tip (in the store or the batch being built).
    /// </summary>
    public ReadingVerdict Evaluate(IntervalReading reading, string hash, long nowMs, long skewMs, Func<string, long, KnownReading?> olderLink)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(olderLink);
        if (!_activeByDevice.TryGetValue(reading.Device, out var passport))
        {
            return _revokedByDevice.TryGetValue(reading.Device, out var revoked)
                ? ReadingVerdict.Reject(RejectReason.RevokedDevice, $"The passport {revoked.Id} of {reading.Device} was revoked: {revoked.Revocation?.Reason}")
                : ReadingVerdict.Reject(RejectReason.UnknownDevice, $"{reading.Device} has no approved passport.");
        }

        if (reading.Passport != passport.Id)
        {
            return ReadingVerdict.Reject(RejectReason.PassportMismatch, $"The reading names passport {reading.Passport}; the device's approved passport is {passport.Id}.");
        }

        if (skewMs >= 0 && nowMs != long.MaxValue && reading.EndMs > nowMs + skewMs)
        {
            return ReadingVerdict.Reject(RejectReason.FutureInterval, $"The interval ends at {reading.EndMs}, after now ({nowMs}) plus the allowed skew ({skewMs} ms).");
        }

        var chain = _chains.GetValueOrDefault(reading.Device);
        var tipSequence = chain?.Tip.Sequence ?? 0;
        KnownReading? existing = null;
        if (chain is not null && chain.TryGetRecent(reading.Sequence, out var recent))
        {
            existing = new KnownReading(recent.Hash, recent.LogIndex);
        }
        else if (reading.Sequence <= tipSequence)
        {
            existing = olderLink(reading.Device, reading.Sequence);
            if (existing is null)
            {
                return ReadingVerdict.Reject(RejectReason.Internal, $"Sequence {reading.Sequence} is below the chain tip but not found in the store.");
            }
        }

        if (existing is { } known)
        {
            return known.Hash == hash
                ? ReadingVerdict.Duplicate()
                : ReadingVerdict.Reject(RejectReason.ConflictingDuplicate, $"Sequence {reading.Sequence} is already stored (log index {known.LogIndex}) with another content: tamper evidence.");
        }

        var below = chain?.Below(reading.Sequence) ?? DeviceChain.Genesis;
        var gap = below.Sequence != reading.Sequence - 1;
        if (!gap && reading.PreviousHash != below.Hash)
        {
            return ReadingVerdict.Reject(RejectReason.BrokenChain, $"prev is {reading.PreviousHash}; reading {below.Sequence} hashes to {below.Hash}.");
        }

        if (below.Sequence > 0 && reading.StartMs < below.EndMs)
        {
            return ReadingVerdict.Reject(RejectReason.IntervalOutOfOrder, $"The interval starts at {reading.StartMs}, before reading {below.Sequence} ended ({below.EndMs}).");
        }

        var document = passport.Passport.Passport;
        if (EnergyRules.Check(BasisBelow(reading, below, gap, passport), EnergyRules.StepOf(reading, "this reading"), document) is { } refusedBelow)
        {
            return refusedBelow;
        }

        if (chain?.Above(reading.Sequence) is { } above)
        {
            var adjacent = above.Sequence == reading.Sequence + 1;
            if (adjacent && above.PreviousHash != hash)
            {
                return ReadingVerdict.Reject(RejectReason.BrokenChain, $"Reading {above.Sequence} names prev {above.PreviousHash}; this reading hashes to {hash}.");
            }

            if (reading.EndMs > above.StartMs)
            {
                return ReadingVerdict.Reject(RejectReason.IntervalOutOfOrder, $"The interval ends after reading {above.Sequence} starts.");
            }

            var aboveRecord = _passports[above.Passport];
            var step = EnergyRules.StepOf(above, $"the later reading {above.Sequence}");
            EnergyBasis? basis = SameRegisters(aboveRecord, reading.Passport)
                ? new EnergyBasis(reading.ImportWh, reading.ExportWh, reading.EndMs, adjacent, "this reading")
                : adjacent ? EnergyRules.Pairing(aboveRecord, exact: true) : null;
            if (basis is { } b && EnergyRules.Check(b, step, aboveRecord.Passport.Passport) is { } refusedAbove)
            {
                return refusedAbove;
            }
        }

        return ReadingVerdict.Accept(gap);
    }

    public ChainLink Accept(IntervalReading reading, string hash, long logIndex)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (!_chains.TryGetValue(reading.Device, out var chain))
        {
            chain = new DeviceChain();
            _chains[reading.Device] = chain;
        }

        var link = new ChainLink(reading.Sequence, hash, reading.PreviousHash, logIndex, reading.Passport, reading.ImportWh, reading.ExportWh,
            reading.DeltaImportWh, reading.DeltaExportWh, reading.StartMs, reading.EndMs);
        chain.Add(link);
        ReadingCount++;
        return link;
    }

    /// <summary>
    /// Whether a reading under <paramref name="later"/> continues the registers of one under <paramref name="earlierPassport"/>:
    /// under the same passport, or under a version-1 passport (which has no pairing registers, so its device's chain
    /// is one series of registers, as version 1 checked it).
    /// </summary>
    private static bool SameRegisters(PassportRecord later, string earlierPassport) =>
        later.Passport.Passport.Version == 1 || later.Id == earlierPassport;

    /// <summary>
    /// What the reading's deltas are measured from (docs/formats.md): the previous reading of the same meter; for
    /// the first reading under a version-2 passport its pairing registers; for the first reading under a version-1
    /// passport nothing but zero over its own interval (the legacy rule: delta ≤ register). Across a gap only the
    /// rise since the nearest reading below bounds them.
    /// </summary>
    private static EnergyBasis BasisBelow(IntervalReading reading, ChainLink below, bool gap, PassportRecord passport)
    {
        if (below.Sequence > 0 && SameRegisters(passport, below.Passport))
        {
            return new EnergyBasis(below.ImportWh, below.ExportWh, below.EndMs, !gap, $"reading {below.Sequence}");
        }

        if (passport.Passport.Passport.Version == 2)
        {
            return EnergyRules.Pairing(passport, exact: !gap);
        }

        return new EnergyBasis(0, 0, gap ? null : reading.StartMs, Exact: false, "zero (a dream.passport/1 records no pairing registers)");
    }

    private void RequireSignedByGridAuthorityAlone(SignedEnvelope envelope, string what)
    {
        if (envelope.Signatures.Count != 1 || envelope.Signatures[0].Signer != GridAuthorityDid)
        {
            throw new LedgerRuleException($"A {what} is signed by the grid authority ({GridAuthorityDid}) alone.");
        }

        envelope.VerifySignatures();
    }
}
