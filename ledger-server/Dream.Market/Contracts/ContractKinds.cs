namespace Dream.Market.Contracts;

/// <summary>The wire names of <see cref="ContractKind"/>.</summary>
public static class ContractKinds
{
    public static string Name(ContractKind kind) => kind switch
    {
        ContractKind.Promise => "promise",
        ContractKind.Auction => "auction",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static ContractKind? Parse(string name) => name switch
    {
        "promise" => ContractKind.Promise,
        "auction" => ContractKind.Auction,
        _ => null,
    };
}
