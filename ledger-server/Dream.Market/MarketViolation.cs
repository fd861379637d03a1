namespace Dream.Market;

/// <summary>A refused transaction: the rule's code and a message that names it.</summary>
public sealed record MarketViolation(MarketError Error, string Message)
{
    public override string ToString() => $"{Error}: {Message}";
}
