using System.Text.Json;
using Dream.Market.Json;

namespace Dream.Market.Transactions;

/// <summary>
/// Settles an ended auction: the buyer's held bid goes to the seller and the promise to the buyer. Signed by
/// buyer, seller and grid authority (settlement by the winner), or by the grid authority alone (automatic,
/// authorized by the seller's signed auction and the buyer's signed bid already in the log).
/// </summary>
public sealed record SettlePayload : MarketPayload
{
    public override string Type => PayloadTypes.Settle;

    public required string Auction { get; init; }

    public required string Promise { get; init; }

    public required string Buyer { get; init; }

    public required string Seller { get; init; }

    public required long Price { get; init; }

    internal static SettlePayload Read(StrictFields f) => new()
    {
        Auction = f.GetHash("auction"),
        Promise = f.GetHash("promise"),
        Buyer = f.GetDid("buyer"),
        Seller = f.GetDid("seller"),
        Price = f.GetPositive("price"),
        AtMs = f.GetInt64("at"),
    };

    private protected override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("auction", Auction);
        writer.WriteString("promise", Promise);
        writer.WriteString("buyer", Buyer);
        writer.WriteString("seller", Seller);
        writer.WriteNumber("price", Price);
    }
}
