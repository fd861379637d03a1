namespace Dream.Market.Contracts;

/// <summary>What a Ricardian contract template is for.</summary>
public enum ContractKind
{
    Promise,
    Auction,
}
