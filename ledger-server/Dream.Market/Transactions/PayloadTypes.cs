namespace Dream.Market.Transactions;

/// <summary>The versioned type names of the market's payloads.</summary>
public static class PayloadTypes
{
    public const string Tariff = "dream.market.tariff/1";
    public const string AccountCredit = "dream.market.account-credit/1";
    public const string AccountDebit = "dream.market.account-debit/1";
    /// <summary>A template whose money parameters render as integer minor units (the first format; still replayed).</summary>
    public const string ContractTemplate = "dream.market.contract-template/1";

    /// <summary>A template whose money parameters render in currency units ("0.60 EUR").</summary>
    public const string ContractTemplate2 = "dream.market.contract-template/2";
    public const string PromiseCreate = "dream.market.promise-create/1";
    public const string AuctionCreate = "dream.market.auction-create/1";
    public const string Bid = "dream.market.bid/1";
    public const string AuctionEnd = "dream.market.auction-end/1";
    /// <summary>A settlement every signer signs within the ledger's clock skew of <c>at</c> (the scheduler's).</summary>
    public const string Settle = "dream.market.settle/1";

    /// <summary>A settlement with a validity window the first signer sets, so the other may countersign later.</summary>
    public const string Settle2 = "dream.market.settle/2";
    public const string DeliveryCheck = "dream.market.delivery-check/1";
    public const string PromiseSplit = "dream.market.promise-split/1";
    public const string PromiseMerge = "dream.market.promise-merge/1";
    /// <summary>A substitution without a deadline (the first format): replayed from logs, refused on admission.</summary>
    public const string PromiseSubstitute = "dream.market.promise-substitute/1";

    /// <summary>A substitution the rules accept only before the promise's delivery window starts.</summary>
    public const string PromiseSubstitute2 = "dream.market.promise-substitute/2";

    /// <summary>True for any type of this family, known version or not.</summary>
    public static bool IsMarketType(string type) => type.StartsWith("dream.market.", StringComparison.Ordinal);
}
