using Dream.Contracts;
using Dream.Market.Contracts;
using Dream.Market.State;
using Dream.Market.Transactions;

namespace Dream.Market.Rules;

/// <summary>Creating promises, fungibility (split, merge, substitution) and the delivery check.</summary>
public static partial class MarketRules
{
    /// <summary>Delivery windows start and end on quarter hours, the coarsest common reading interval below an hour.</summary>
    public const long WindowAlignmentMs = 15 * 60 * 1000;

    private static void ValidatePromiseCreate(MarketState state, MarketTransaction tx, PromiseCreatePayload p, IRegistryView registry)
    {
        RequireSigners(tx, p.Supplier, registry.GridAuthority);
        var role = registry.RoleOf(p.Supplier);
        if (!ParticipantRoles.IsMarketRole(role))
        {
            throw new MarketException(MarketError.NotRegistered, $"The supplier {p.Supplier} is not a registered participant.");
        }

        if (role is not (ParticipantRole.Producer or ParticipantRole.Prosumer or ParticipantRole.PowerCompany))
        {
            throw new MarketException(MarketError.RoleNotAllowed, $"Only a producer, prosumer or power company can create a promise; {p.Supplier} is a {role}.");
        }

        var tariff = state.CurrentTariff ?? throw new MarketException(MarketError.NoTariff, "The grid authority has not published a tariff yet.");
        if (p.Tariff != tariff.Version)
        {
            throw new MarketException(MarketError.TariffVersion, $"The promise names tariff {p.Tariff}; the current tariff is {tariff.Version}.");
        }

        if (p.AmountWh < tariff.MinWh || p.AmountWh > tariff.MaxWh)
        {
            throw new MarketException(MarketError.AmountOutOfBounds, $"{p.AmountWh} Wh is outside the tariff's bounds {tariff.MinWh}..{tariff.MaxWh} Wh.");
        }

        if (p.StartMs <= p.AtMs)
        {
            throw new MarketException(MarketError.InvalidWindow, $"The delivery window starts at {p.StartMs}, not after the transaction's time {p.AtMs}: it must be in the future.");
        }

        if (p.EndMs <= p.StartMs || p.StartMs % WindowAlignmentMs != 0 || p.EndMs % WindowAlignmentMs != 0)
        {
            throw new MarketException(MarketError.InvalidWindow, $"The delivery window {p.StartMs}..{p.EndMs} must be non-empty and start and end on quarter hours (UTC).");
        }

        var point = registry.FindMeteringPoint(p.Passport);
        if (point is null || !point.Active || !point.MeasuresExport || point.Owner != p.Supplier)
        {
            var why = point is null ? "is not registered"
                : !point.Active ? "is not active"
                : !point.MeasuresExport ? "does not measure export"
                : $"belongs to {point.Owner}, not the supplier";
            throw new MarketException(MarketError.MeteringPointNotUsable, $"The metering point {p.Passport} {why}.");
        }

        if (state.OverlapsOtherWindow(p.Passport, p.StartMs, p.EndMs))
        {
            throw new MarketException(MarketError.WindowOverlap, $"The window overlaps another open promise's window on metering point {p.Passport}; windows on one metering point must be equal or disjoint.");
        }

        var deposit = MarketMath.PerKwhCeiling(p.AmountWh, tariff.PenaltyPerKwh);
        if (p.Deposit != deposit)
        {
            throw new MarketException(MarketError.DepositMismatch, $"The deposit for {p.AmountWh} Wh at {Amount(state, tariff.PenaltyPerKwh)} per kWh is {Amount(state, deposit)}, not {Amount(state, p.Deposit)}.");
        }

        var available = state.AccountOf(p.Supplier).Available;
        if (available < deposit)
        {
            throw new MarketException(MarketError.InsufficientFunds, $"The deposit is {Amount(state, deposit)}; {p.Supplier} has {Amount(state, available)} available.");
        }

        var template = state.Template(ContractKind.Promise, p.Template)
            ?? throw new MarketException(MarketError.TemplateInvalid, $"There is no promise contract template version {p.Template}.");
        var hash = ContractRenderer.Hash(ContractRenderer.RenderPromise(template, p, tariff));
        if (hash != p.Contract)
        {
            throw new MarketException(MarketError.ContractMismatch, $"The contract rendered from promise template {p.Template} hashes to {hash}, not {p.Contract}.");
        }
    }

    private static void ApplyPromiseCreate(MarketState state, MarketTransaction tx, PromiseCreatePayload p)
    {
        var tariff = state.Tariff(p.Tariff)!;
        var account = state.GetOrCreateAccount(p.Supplier);
        account.Available -= p.Deposit;
        account.Escrowed += p.Deposit;
        state.AddPromise(new Promise(tx.Id, p.Supplier, p.Passport, p.AmountWh, p.StartMs, p.EndMs)
        {
            TariffVersion = p.Tariff,
            Deposit = p.Deposit,
            Fee = Math.Min(p.Deposit, MarketMath.PerKwhCeiling(p.AmountWh, tariff.GridFeePerKwh)),
            Contracts = [p.Contract],
        });
    }

    /// <summary>The promise, open, owned by <paramref name="owner"/>, in no auction, window not started.</summary>
    private static Promise RequireTradeable(MarketState state, string promiseId, string owner, long atMs)
    {
        var promise = RequireOpen(state, promiseId);
        if (promise.Owner != owner)
        {
            throw new MarketException(MarketError.NotOwner, $"Promise {promiseId} is owned by {promise.Owner}, not {owner}.");
        }

        if (promise.AuctionId is not null)
        {
            throw new MarketException(MarketError.PromiseInAuction, $"Promise {promiseId} is in auction {promise.AuctionId}.");
        }

        if (atMs >= promise.StartMs)
        {
            throw new MarketException(MarketError.PromiseExpired, $"Promise {promiseId}'s delivery window started at {promise.StartMs}.");
        }

        return promise;
    }

    private static Promise RequireOpen(MarketState state, string promiseId)
    {
        var promise = state.FindPromise(promiseId) ?? throw new MarketException(MarketError.UnknownPromise, $"There is no promise {promiseId}.");
        if (promise.Status != PromiseStatus.Open)
        {
            throw new MarketException(MarketError.PromiseClosed, $"Promise {promiseId} is {promise.Status.ToString().ToLowerInvariant()}.");
        }

        return promise;
    }

    private static void ValidateSplit(MarketState state, MarketTransaction tx, PromiseSplitPayload p)
    {
        RequireSigners(tx, p.Owner);
        var promise = RequireTradeable(state, p.Promise, p.Owner, p.AtMs);
        var sum = p.Parts.Aggregate(0L, MarketMath.CheckedAdd);
        if (sum != promise.AmountWh)
        {
            throw new MarketException(MarketError.FungibilityMismatch, $"The parts sum to {sum} Wh; promise {p.Promise} is {promise.AmountWh} Wh.");
        }
    }

    private static void ApplySplit(MarketState state, MarketTransaction tx, PromiseSplitPayload p)
    {
        var original = state.FindPromise(p.Promise)!;
        state.Close(original, PromiseStatus.Split);
        var deposits = MarketMath.SplitExactly(original.Deposit, p.Parts);
        var fees = MarketMath.SplitExactly(original.Fee, p.Parts);
        for (var i = 0; i < p.Parts.Count; i++)
        {
            state.AddPromise(new Promise(DerivedPromiseId(tx.Id, i), original.Supplier, original.Passport, p.Parts[i], original.StartMs, original.EndMs)
            {
                Owner = original.Owner,
                TariffVersion = original.TariffVersion,
                Deposit = deposits[i],
                Fee = fees[i],
                Contracts = original.Contracts,
            });
        }
    }

    private static void ValidateMerge(MarketState state, MarketTransaction tx, PromiseMergePayload p)
    {
        RequireSigners(tx, p.Owner);
        var promises = p.Promises.Select(id => RequireTradeable(state, id, p.Owner, p.AtMs)).ToList();
        var first = promises[0];
        foreach (var other in promises.Skip(1))
        {
            if (other.Supplier != first.Supplier || other.Passport != first.Passport || other.StartMs != first.StartMs
                || other.EndMs != first.EndMs || other.TariffVersion != first.TariffVersion)
            {
                throw new MarketException(MarketError.FungibilityMismatch, $"Promise {other.Id} differs from {first.Id} in supplier, metering point, window or tariff; only those that agree can be merged.");
            }
        }

        _ = promises.Select(x => x.AmountWh).Aggregate(0L, MarketMath.CheckedAdd);
    }

    private static void ApplyMerge(MarketState state, MarketTransaction tx, PromiseMergePayload p)
    {
        var promises = p.Promises.Select(id => state.FindPromise(id)!).ToList();
        foreach (var promise in promises)
        {
            state.Close(promise, PromiseStatus.Merged);
        }

        var first = promises[0];
        state.AddPromise(new Promise(DerivedPromiseId(tx.Id, 0), first.Supplier, first.Passport, promises.Sum(x => x.AmountWh), first.StartMs, first.EndMs)
        {
            Owner = p.Owner,
            TariffVersion = first.TariffVersion,
            Deposit = promises.Sum(x => x.Deposit),
            Fee = promises.Sum(x => x.Fee),
            Contracts = promises.SelectMany(x => x.Contracts).Distinct(StringComparer.Ordinal).ToArray(),
        });
    }

    private static void ValidateSubstitute(MarketState state, MarketTransaction tx, PromiseSubstitutePayload p)
    {
        RequireSigners(tx, p.Supplier);
        var promise = RequireOpen(state, p.Promise);
        if (promise.Supplier != p.Supplier)
        {
            throw new MarketException(MarketError.NotOwner, $"Promise {p.Promise} is supplied by {promise.Supplier}, not {p.Supplier}: only its supplier can substitute it.");
        }

        // A /1 entry was accepted without a deadline; it replays under the rule it was accepted by.
        var deadline = SubstitutionDeadlineMs(promise);
        if (p.TypeVersion >= 2 && p.AtMs >= deadline)
        {
            throw new MarketException(MarketError.SubstitutionDeadlinePassed, $"Promise {p.Promise} could be substituted until {Utc(deadline)}, the start of its delivery window; this substitution is signed at {Utc(p.AtMs)}. From the window's start the delivery check decides, and the deposit covers any shortfall.");
        }

        if (promise.AuctionId is not null)
        {
            throw new MarketException(MarketError.PromiseInAuction, $"Promise {p.Promise} is in auction {promise.AuctionId}.");
        }

        var total = 0L;
        foreach (var id in p.Cover)
        {
            var cover = RequireOpen(state, id);
            if (cover.Owner != p.Supplier)
            {
                throw new MarketException(MarketError.NotOwner, $"Cover promise {id} is owned by {cover.Owner}, not {p.Supplier}.");
            }

            if (cover.AuctionId is not null)
            {
                throw new MarketException(MarketError.PromiseInAuction, $"Cover promise {id} is in auction {cover.AuctionId}.");
            }

            if (cover.Supplier == p.Supplier)
            {
                throw new MarketException(MarketError.FungibilityMismatch, $"Cover promise {id} is supplied by {p.Supplier} itself; a substitution needs another supplier's energy.");
            }

            if (cover.StartMs != promise.StartMs || cover.EndMs != promise.EndMs)
            {
                throw new MarketException(MarketError.FungibilityMismatch, $"Cover promise {id} is for {cover.StartMs}..{cover.EndMs}, not the window {promise.StartMs}..{promise.EndMs}.");
            }

            total = MarketMath.CheckedAdd(total, cover.AmountWh);
        }

        if (total != promise.AmountWh)
        {
            throw new MarketException(MarketError.FungibilityMismatch, $"The cover sums to {total} Wh; promise {p.Promise} is {promise.AmountWh} Wh (split the cover to match exactly).");
        }
    }

    /// <summary>
    /// The first instant at which a substitution of <paramref name="promise"/> is refused: the start of its window.
    /// The grid plans supply before delivery begins, and the cover cannot be bought later anyway (auctions end by
    /// then); later, a supplier would choose with its own meter's knowledge of the shortfall.
    /// </summary>
    public static long SubstitutionDeadlineMs(Promise promise)
    {
        ArgumentNullException.ThrowIfNull(promise);
        return promise.StartMs;
    }

    private static void ApplySubstitute(MarketState state, PromiseSubstitutePayload p)
    {
        var promise = state.FindPromise(p.Promise)!;
        foreach (var id in p.Cover)
        {
            state.FindPromise(id)!.Owner = promise.Owner;
        }

        state.Close(promise, PromiseStatus.Substituted);
        var supplier = state.GetOrCreateAccount(promise.Supplier);
        supplier.Escrowed -= promise.Deposit;
        supplier.Available += promise.Deposit - promise.Fee;
        state.FeesCollected += promise.Fee;
        promise.RefundedToSupplier = promise.Deposit - promise.Fee;
    }

    private static void ValidateDeliveryCheck(MarketState state, MarketTransaction tx, DeliveryCheckPayload p, MarketContext context)
    {
        RequireSigners(tx, context.Registry.GridAuthority);
        var promise = RequireOpen(state, p.Promise);
        if (promise.AuctionId is not null)
        {
            throw new MarketException(MarketError.PromiseInAuction, $"Promise {p.Promise} is in auction {promise.AuctionId}, which must end and settle first.");
        }

        var grace = state.Tariff(promise.TariffVersion)!.GraceMs;
        var due = promise.EndMs + grace;
        if (p.AtMs < due)
        {
            throw new MarketException(MarketError.DeliveryNotDue, $"Promise {p.Promise} can be checked from {due} (window end + {grace} ms grace), not at {p.AtMs}.");
        }

        if (p.PowerCompany != context.Registry.PowerCompany)
        {
            throw new MarketException(MarketError.MeteringMismatch, $"The power company is {context.Registry.PowerCompany}, not {p.PowerCompany}.");
        }

        var measured = context.Metering.ExportInWindow(promise.Passport, promise.StartMs, promise.EndMs);
        if (measured.ExportWh != p.MeasuredWh || measured.Complete != p.Complete)
        {
            throw new MarketException(MarketError.MeteringMismatch, $"The verified readings of {promise.Passport} show {measured.ExportWh} Wh (complete: {measured.Complete}), not {p.MeasuredWh} Wh (complete: {p.Complete}).");
        }
    }

    private static void ApplyDeliveryCheck(MarketState state, DeliveryCheckPayload p)
    {
        var promise = state.FindPromise(p.Promise)!;
        var unattributed = Math.Max(0, p.MeasuredWh - state.AttributedWh(promise.Passport, promise.StartMs, promise.EndMs));
        var delivered = Math.Min(promise.AmountWh, unattributed);
        state.Attribute(promise.Passport, promise.StartMs, promise.EndMs, delivered);

        var net = promise.Deposit - promise.Fee;
        var refund = delivered >= promise.AmountWh ? net : MarketMath.ProRataFloor(net, delivered, promise.AmountWh);
        var supplier = state.GetOrCreateAccount(promise.Supplier);
        supplier.Escrowed -= promise.Deposit;
        supplier.Available += refund;
        state.GetOrCreateAccount(p.PowerCompany).Available += net - refund;
        state.FeesCollected += promise.Fee;

        state.Close(promise, PromiseStatus.Checked);
        promise.DeliveredWh = delivered;
        promise.RefundedToSupplier = refund;
        promise.PaidToPowerCompany = net - refund;
        promise.Outcome = delivered >= promise.AmountWh ? DeliveryOutcome.Kept : delivered == 0 ? DeliveryOutcome.Broken : DeliveryOutcome.Partial;
    }
}
