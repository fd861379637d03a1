namespace Dream.Market.State;

/// <summary>A power promise as the log's replay has made it.</summary>
public sealed class Promise
{
    internal Promise(string id, string supplier, string passport, long amountWh, long startMs, long endMs)
    {
        Id = id;
        Supplier = supplier;
        Passport = passport;
        AmountWh = amountWh;
        StartMs = startMs;
        EndMs = endMs;
        Owner = supplier;
    }

    public string Id { get; }

    /// <summary>Who must deliver, and whose deposit is in escrow.</summary>
    public string Supplier { get; }

    public string Passport { get; }

    public long AmountWh { get; }

    public long StartMs { get; }

    public long EndMs { get; }

    /// <summary>Who holds the right to the energy: the supplier until it sells.</summary>
    public string Owner { get; internal set; }

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
