using Dream.Crypto;
using Dream.Market.State;
using Dream.Market.Transactions;

namespace Dream.Market.Scheduling;

/// <summary>
/// The scheduler's logic, pure: what is due is a function of the state and the time only, so a restarted
/// ledger that replays its log computes the same list, and an action whose transaction was applied is
/// never listed again (the state no longer calls for it). Unlike Corda's scheduled states (corda#3238),
/// there is nothing to race: every action goes through the same single writer, and a second
/// transaction for the same action fails validation (AuctionClosed, AlreadySettled, PromiseClosed).
/// </summary>
public static class MarketScheduler
{
    /// <summary>The actions due at <paramref name="nowMs"/>, oldest first, then by kind and id.</summary>
    public static IReadOnlyList<DueAction> Due(MarketState state, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        var due = new List<DueAction>();
        foreach (var auction in state.Auctions)
        {
            if (auction.Status == AuctionStatus.Open && nowMs >= auction.DeadlineMs)
            {
                due.Add(new DueAction(DueActionKind.EndAuction, auction.Id, auction.DeadlineMs));
            }
            else if (auction.Status == AuctionStatus.Ended && auction.BestBidder is not null)
            {
                due.Add(new DueAction(DueActionKind.Settle, auction.Id, auction.DeadlineMs));
            }
        }

        foreach (var promise in state.Promises)
        {
            if (promise.Status != PromiseStatus.Open || promise.AuctionId is not null)
            {
                continue;
            }

            var dueAt = promise.EndMs + state.Tariff(promise.TariffVersion)!.GraceMs;
            if (nowMs >= dueAt)
            {
                due.Add(new DueAction(DueActionKind.CheckDelivery, promise.Id, dueAt));
            }
        }

        return due.OrderBy(d => d.DueAtMs).ThenBy(d => d.Kind).ThenBy(d => d.TargetId, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The grid authority's signed transaction for a due action, made at <paramref name="nowMs"/>.</summary>
    public static MarketTransaction CreateTransaction(DueAction action, MarketState state, MarketContext context, Ed25519PrivateKey gridAuthority, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(context);
        MarketPayload payload;
        switch (action.Kind)
        {
            case DueActionKind.EndAuction:
                payload = new AuctionEndPayload { Auction = action.TargetId, AtMs = nowMs };
                break;
            case DueActionKind.Settle:
                var auction = state.FindAuction(action.TargetId)!;
                payload = new SettlePayload
                {
                    Auction = auction.Id,
                    Promise = auction.PromiseId,
                    Buyer = auction.BestBidder!,
                    Seller = auction.Seller,
                    Price = auction.BestBid,
                    AtMs = nowMs,
                };
                break;
            case DueActionKind.CheckDelivery:
                var promise = state.FindPromise(action.TargetId)!;
                var measured = context.Metering.ExportInWindow(promise.Passport, promise.StartMs, promise.EndMs);
                payload = new DeliveryCheckPayload
                {
                    Promise = promise.Id,
                    MeasuredWh = measured.ExportWh,
                    Complete = measured.Complete,
                    PowerCompany = context.Registry.PowerCompany,
                    AtMs = nowMs,
                };
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action));
        }

        return MarketTransaction.Create(payload, gridAuthority);
    }
}
