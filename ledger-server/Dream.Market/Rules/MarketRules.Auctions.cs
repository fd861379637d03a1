using Dream.Market.Contracts;
using Dream.Market.State;
using Dream.Market.Transactions;

namespace Dream.Market.Rules;

/// <summary>Auctions: create, bid, end at the deadline, settle.</summary>
public static partial class MarketRules
{
    private static void ValidateAuctionCreate(MarketState state, MarketTransaction tx, AuctionCreatePayload p, IRegistryView registry)
    {
        RequireSigners(tx, p.Owner);
        if (p.Owner == registry.GridAuthority)
        {
            throw new MarketException(MarketError.RoleNotAllowed, "The grid authority cannot auction promises.");
        }

        RequireRegistered(registry, p.Owner, "owner");
        var currency = RequireCurrency(state);
        var promise = RequireTradeable(state, p.Promise, p.Owner, p.AtMs);
        if (p.DeadlineMs <= p.AtMs || p.DeadlineMs > promise.StartMs)
        {
            throw new MarketException(MarketError.InvalidDeadline, $"The deadline {p.DeadlineMs} must be after the transaction's time {p.AtMs} and no later than the delivery window's start {promise.StartMs}.");
        }

        var template = state.Template(ContractKind.Auction, p.Template)
            ?? throw new MarketException(MarketError.TemplateInvalid, $"There is no auction contract template version {p.Template}.");
        var hash = ContractRenderer.Hash(ContractRenderer.RenderAuction(template, p, currency));
        if (hash != p.Contract)
        {
            throw new MarketException(MarketError.ContractMismatch, $"The contract rendered from auction template {p.Template} hashes to {hash}, not {p.Contract}.");
        }
    }

    private static void ApplyAuctionCreate(MarketState state, MarketTransaction tx, AuctionCreatePayload p)
    {
        state.AddAuction(new Auction(tx.Id, p.Promise, p.Owner, p.BasePrice, p.DeadlineMs, p.Contract));
        state.FindPromise(p.Promise)!.AuctionId = tx.Id;
    }

    private static Auction RequireAuction(MarketState state, string id) =>
        state.FindAuction(id) ?? throw new MarketException(MarketError.UnknownAuction, $"There is no auction {id}.");

    private static void ValidateBid(MarketState state, MarketTransaction tx, BidPayload p, IRegistryView registry)
    {
        RequireSigners(tx, p.Bidder);
        var auction = RequireAuction(state, p.Auction);
        if (p.Bidder == registry.GridAuthority)
        {
            throw new MarketException(MarketError.RoleNotAllowed, "The grid authority cannot bid.");
        }

        RequireRegistered(registry, p.Bidder, "bidder");
        if (p.Bidder == auction.Seller)
        {
            throw new MarketException(MarketError.RoleNotAllowed, "The promise's owner cannot bid in its own auction.");
        }

        if (auction.Status != AuctionStatus.Open)
        {
            throw new MarketException(MarketError.AuctionClosed, $"Auction {p.Auction} is {auction.Status.ToString().ToLowerInvariant()}.");
        }

        if (p.AtMs >= auction.DeadlineMs)
        {
            throw new MarketException(MarketError.DeadlinePassed, $"Auction {p.Auction}'s deadline was {auction.DeadlineMs}; the bid is at {p.AtMs}.");
        }

        if (auction.BestBidder is null && p.Amount <= auction.BasePrice)
        {
            throw new MarketException(MarketError.BidTooLow, $"The first bid must be strictly above the base price {Amount(state, auction.BasePrice)}; {Amount(state, p.Amount)} is not.");
        }

        if (auction.BestBidder is not null && p.Amount <= auction.BestBid)
        {
            throw new MarketException(MarketError.BidTooLow, $"A bid must be strictly above the best bid {Amount(state, auction.BestBid)}; {Amount(state, p.Amount)} is not.");
        }

        var account = state.AccountOf(p.Bidder);
        var spendable = account.Available + (auction.BestBidder == p.Bidder ? auction.BestBid : 0);
        if (spendable < p.Amount)
        {
            throw new MarketException(MarketError.InsufficientFunds, $"The bid of {Amount(state, p.Amount)} must be held; {p.Bidder} has {Amount(state, spendable)} available for it.");
        }
    }

    private static void ApplyBid(MarketState state, BidPayload p)
    {
        var auction = state.FindAuction(p.Auction)!;
        if (auction.BestBidder is { } outbid)
        {
            var released = state.GetOrCreateAccount(outbid);
            released.Held -= auction.BestBid;
            released.Available += auction.BestBid;
        }

        var bidder = state.GetOrCreateAccount(p.Bidder);
        bidder.Available -= p.Amount;
        bidder.Held += p.Amount;
        auction.BestBidder = p.Bidder;
        auction.BestBid = p.Amount;
        auction.BidCount++;
    }

    private static void ValidateAuctionEnd(MarketState state, MarketTransaction tx, AuctionEndPayload p, IRegistryView registry)
    {
        RequireSigners(tx, registry.GridAuthority);
        var auction = RequireAuction(state, p.Auction);
        if (auction.Status != AuctionStatus.Open)
        {
            throw new MarketException(MarketError.AuctionClosed, $"Auction {p.Auction} already ended.");
        }

        if (p.AtMs < auction.DeadlineMs)
        {
            throw new MarketException(MarketError.DeadlineNotReached, $"Auction {p.Auction} ends at its deadline {auction.DeadlineMs}, not at {p.AtMs}.");
        }
    }

    private static void ApplyAuctionEnd(MarketState state, AuctionEndPayload p)
    {
        var auction = state.FindAuction(p.Auction)!;
        auction.Status = AuctionStatus.Ended;
        if (auction.BestBidder is null)
        {
            // No bids: the promise stays with its owner, free to be auctioned again.
            state.FindPromise(auction.PromiseId)!.AuctionId = null;
        }
    }

    private static void ValidateSettle(MarketState state, MarketTransaction tx, SettlePayload p, IRegistryView registry)
    {
        var auction = RequireAuction(state, p.Auction);
        var byAll = SameSigners(tx, [p.Buyer, p.Seller, registry.GridAuthority]);
        var automatic = SameSigners(tx, [registry.GridAuthority]);
        switch (auction.Status)
        {
            // Before the deadline only the parties may settle: the seller accepts the best bid early.
            case AuctionStatus.Open when automatic:
                throw new MarketException(MarketError.AuctionNotEnded, $"Auction {p.Auction} has not ended; before its deadline only buyer and seller together (with the grid authority) may settle it.");
            case AuctionStatus.Settled:
                throw new MarketException(MarketError.AlreadySettled, $"Auction {p.Auction} was already settled.");
        }

        if (auction.BestBidder is null)
        {
            throw new MarketException(MarketError.NoWinner, auction.Status == AuctionStatus.Open ? $"Auction {p.Auction} has no bids." : $"Auction {p.Auction} ended without bids.");
        }

        if (p.Promise != auction.PromiseId || p.Buyer != auction.BestBidder || p.Seller != auction.Seller || p.Price != auction.BestBid)
        {
            throw new MarketException(MarketError.SettlementMismatch, $"Auction {p.Auction} settles promise {auction.PromiseId} from {auction.Seller} to {auction.BestBidder} at {Amount(state, auction.BestBid)}; the settlement names {p.Buyer} at {Amount(state, p.Price)}.");
        }

        if (!byAll && !automatic)
        {
            throw new MarketException(MarketError.SignerMismatch, $"A settlement is signed by buyer, seller and grid authority, or by the grid authority alone (automatic); it is signed by {Describe(tx.Signers)}.");
        }
    }

    private static void ApplySettle(MarketState state, SettlePayload p)
    {
        var auction = state.FindAuction(p.Auction)!;
        state.GetOrCreateAccount(p.Buyer).Held -= p.Price;
        state.GetOrCreateAccount(p.Seller).Available += p.Price;
        var promise = state.FindPromise(p.Promise)!;
        promise.Owner = p.Buyer;
        promise.AuctionId = null;
        auction.Status = AuctionStatus.Settled;
    }
}
