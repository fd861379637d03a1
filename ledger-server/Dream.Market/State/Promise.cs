namespace Dream.Market.State;

/// <summary>A power promise as the log's replay has made it.</summary>
/// <remarks>Its terms are fixed when it is made; the rest changes only through the market's rules (internal setters).</remarks>
public sealed class Promise(string id, string supplier, string passport, long amountWh, long startMs, long endMs)
{
    public string Id { get; } = id;

    /// <summary>Who must deliver, and whose deposit is in escrow.</summary>
    public string Supplier { get; } = supplier;

    public string Passport { get; } = passport;

    public long AmountWh { get; } = amountWh;

    public long StartMs { get; } = startMs;

    public long EndMs { get; } = endMs;

    /// <summary>Who holds the right to the energy: the supplier until it sells.</summary>
    public string Owner { get; internal set; } = supplier;

    public long TariffVersion { get; internal init; }

    /// <summary>The penalty deposit in escrow, minor units.</summary>
    public long Deposit { get; internal init; }

    /// <summary>The grid fee taken from the deposit at the check (never more than the deposit).</summary>
    public long Fee { get; internal init; }

    /// <summary>Hashes of the Ricardian contracts that govern it (its own, or its parents' after a split or merge).</summary>
    public IReadOnlyList<string> Contracts { get; internal init; } = [];

    public PromiseStatus Status { get; internal set; }

    /// <summary>The auction it is in, while that auction is open or ended with a winner but not settled.</summary>
    public string? AuctionId { get; internal set; }

    public DeliveryOutcome Outcome { get; internal set; }

    /// <summary>Energy attributed to this promise by its delivery check.</summary>
    public long DeliveredWh { get; internal set; }

    /// <summary>What the supplier got back from the deposit, and what the power company got.</summary>
    public long RefundedToSupplier { get; internal set; }

    public long PaidToPowerCompany { get; internal set; }
}
