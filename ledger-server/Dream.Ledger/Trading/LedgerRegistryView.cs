using Dream.Ledger.State;
using Dream.Market;

namespace Dream.Ledger.Trading;

/// <summary>
/// The market's view of the registry: the ledger state as replayed up to the market entry being validated
/// (the committer and every replay apply entries in log order, so "now" is "as of the log position").
/// The power company is the first one registered.
/// </summary>
public sealed class LedgerRegistryView(LedgerState state) : IRegistryView
{
    public string GridAuthority => state.GridAuthorityDid;

    public string PowerCompany => state.Participants.Values
        .Where(p => p.Role == ParticipantRole.PowerCompany)
        .OrderBy(p => p.LogIndex)
        .Select(p => p.Did)
        .FirstOrDefault() ?? string.Empty;

    public ParticipantRole RoleOf(string did) => state.Participants.TryGetValue(did, out var participant) ? participant.Role : ParticipantRole.None;

    public MeteringPoint? FindMeteringPoint(string passportId)
    {
        if (!state.Passports.TryGetValue(passportId, out var record))
        {
            return null;
        }

        var passport = record.Passport.Passport;
        return new MeteringPoint(record.Id, passport.Owner, record.Revocation is null, passport.MeasuresExport);
    }
}
