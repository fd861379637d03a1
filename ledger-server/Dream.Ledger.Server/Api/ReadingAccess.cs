using Dream.Contracts;
using Dream.Ledger.Registry;
using Dream.Ledger.State;
using Dream.Market.State;

namespace Dream.Ledger.Server.Api;

/// <summary>
/// Who may read a reading (ARCHITECTURE.md, "Privacy"): all of a device's readings, the grid authority, the
/// device itself, the owner named in any of its passports and admitted auditors (verification agencies); the
/// readings inside a promise's delivery window plus grace, the parties of that promise: its supplier, its
/// current owner and the buyer and seller of each of its settlements. Nobody else.
/// </summary>
public static class ReadingAccess
{
    public static bool SeesAll(LedgerState state, string requester, string device)
    {
        ArgumentNullException.ThrowIfNull(state);
        return requester == state.GridAuthorityDid
            || requester == device
            || (state.Participants.TryGetValue(requester, out var p) && p.Role == ParticipantRole.VerificationAgency)
            || state.Passports.Values.Any(r => r.Passport.Passport.Device == device && r.Passport.Passport.Owner == requester);
    }

    /// <summary>The supplier, the current owner and every buyer and seller of its settlements.</summary>
    public static IReadOnlySet<string> PartiesOf(LedgerState state, Promise promise)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(promise);
        var parties = new HashSet<string>(StringComparer.Ordinal) { promise.Supplier, promise.Owner };
        foreach (var settlement in state.MarketBook.Settlements.Where(s => s.Promise == promise.Id))
        {
            parties.Add(settlement.Buyer);
            parties.Add(settlement.Seller);
        }

        return parties;
    }

    /// <summary>The windows of <paramref name="device"/>'s readings <paramref name="requester"/> may read as a party of a promise.</summary>
    public static IReadOnlyList<ReadingWindow> WindowsOf(LedgerState state, string requester, string device)
    {
        ArgumentNullException.ThrowIfNull(state);
        var settled = state.MarketBook.Settlements.Where(s => s.Buyer == requester || s.Seller == requester).Select(s => s.Promise).ToHashSet(StringComparer.Ordinal);
        var windows = new List<ReadingWindow>();
        foreach (var promise in state.Market.Promises)
        {
            if ((promise.Supplier == requester || promise.Owner == requester || settled.Contains(promise.Id))
                && state.Passports.TryGetValue(promise.Passport, out var passport) && passport.Passport.Passport.Device == device)
            {
                var grace = state.Market.Tariff(promise.TariffVersion)?.GraceMs ?? 0;
                windows.Add(new ReadingWindow(promise.Id, promise.StartMs, promise.EndMs + grace));
            }
        }

        return windows.OrderBy(w => w.FromMs).ThenBy(w => w.Promise, StringComparer.Ordinal).ToList();
    }

    public static bool MaySee(LedgerState state, string requester, string device, long startMs, long endMs) =>
        SeesAll(state, requester, device) || WindowsOf(state, requester, device).Any(w => w.Contains(startMs, endMs));
}
