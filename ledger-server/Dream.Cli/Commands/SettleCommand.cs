using System.Globalization;

namespace Dream.Cli.Commands;

/// <summary>
/// <c>dream settle</c>: buyer and seller settle an auction together, each at their own pace. The first signs a
/// <c>settle/2</c> half with a validity window (at most 24 h) and hands the file over; the other countersigns it
/// any time inside the window and submits it, and the ledger adds the grid authority's signature.
/// </summary>
internal sealed class SettleCommand : ICliCommand
{
    private static readonly TimeSpan s_defaultValidity = TimeSpan.FromMilliseconds(SettlePayload.MaxValidityMs);

    public Command Create(GlobalOptions o)
    {
        var auctionId = new Argument<string?>("auction") { Description = "The auction's id.", Arity = ArgumentArity.ZeroOrOne };
        var outFile = new Option<string?>("--out") { Description = "Write your signed half to this file for the other party (buyer and seller both sign)." };
        var validFor = new Option<string?>("--valid-for") { Description = "How long the other party may take to countersign: e.g. 90m, 2h, 24h (the default and the most)." };
        var countersign = new Option<string?>("--countersign") { Description = "A settlement the other party signed: add your signature and submit it." };
        var settle = new Command("settle", "Settle an auction as its best bidder or seller, both signing: before the deadline this accepts the best bid (at the deadline the ledger settles automatically).")
        {
            auctionId, outFile, validFor, countersign,
        };
        settle.SetAction((parse, ct) => CommandAction.Run(async () =>
        {
            using var client = o.Client(parse);
            if (parse.GetValue(countersign) is { } file)
            {
                var transaction = await CountersignAsync(client, file, ct);
                return Output.Done(parse, o, await client.SubmitAsync(transaction, ct), "settled by transaction {id}");
            }

            var id = parse.GetValue(auctionId) ?? throw new CliException("Name the auction, or give --countersign FILE.");
            var output = parse.GetValue(outFile)
                ?? throw new CliException("A settlement needs the buyer's and the seller's signatures: give --out FILE, and the other party runs dream settle --countersign FILE.");
            var validity = parse.GetValue(validFor) is { } text ? Duration("--valid-for", text) : s_defaultValidity;
            var (half, currency) = await FirstHalfAsync(client, id, validity, ct);
            await File.WriteAllBytesAsync(output, half.ToBytes(), ct);
            var p = (SettlePayload)half.Payload;
            Console.WriteLine($"signed half written to {output}: {Terms(p, currency)}");
            Console.WriteLine($"the other party runs: dream settle --countersign {output}");
            return 0;
        }));
        return settle;
    }

    private static async Task<(MarketTransaction Half, string Currency)> FirstHalfAsync(LedgerClient client, string id, TimeSpan validity, CancellationToken ct)
    {
        var tariff = await client.TariffAsync(ct);
        var a = await client.GetAsync($"api/v1/market/auctions/{id}", ct);
        var status = a.GetProperty("status").GetString();
        if (status == "settled")
        {
            throw new CliException("AlreadySettled", $"Auction {id} is already settled.");
        }

        var bestBidder = a.GetProperty("bestBidder");
        if (bestBidder.ValueKind != JsonValueKind.String)
        {
            throw new CliException("NoWinner", $"Auction {id} has no bid to accept.");
        }

        var me = client.Key.PublicKey.Did;
        var payload = new SettlePayload
        {
            Auction = id,
            Promise = a.GetProperty("promise").GetString()!,
            Buyer = bestBidder.GetString()!,
            Seller = a.GetProperty("seller").GetString()!,
            Price = a.GetProperty("bestBidMinor").GetInt64(),
            AtMs = client.NowMs(),
        };
        if (me != payload.Buyer && me != payload.Seller)
        {
            throw new CliException($"You ({me}) are neither the best bidder nor the seller of auction {id}.");
        }

        payload = payload with { ValidUntilMs = payload.AtMs + (long)validity.TotalMilliseconds };
        return (MarketTransaction.Create(payload, client.Key), tariff.Currency);
    }

    private static async Task<MarketTransaction> CountersignAsync(LedgerClient client, string file, CancellationToken ct)
    {
        if (!File.Exists(file))
        {
            throw new CliException($"No file {file}.");
        }

        var half = MarketTransaction.Parse(await File.ReadAllBytesAsync(file, ct));
        if (half.Payload is not SettlePayload p)
        {
            throw new CliException($"{file} holds a {half.Payload.Type}, not a settlement.");
        }

        var me = client.Key.PublicKey.Did;
        if (me != p.Buyer && me != p.Seller)
        {
            throw new CliException($"You ({me}) are neither the buyer nor the seller of the settlement in {file}.");
        }

        if (half.Signers.Contains(me, StringComparer.Ordinal))
        {
            throw new CliException($"You already signed {file}; the other party ({(me == p.Buyer ? p.Seller : p.Buyer)}) countersigns it.");
        }

        var tariff = await client.TariffAsync(ct);
        Console.WriteLine($"countersigning: {Terms(p, tariff.Currency)}");
        return half.Countersign(client.Key);
    }

    private static string Terms(SettlePayload p, string currency) =>
        $"auction {p.Auction}: promise {p.Promise} from {p.Seller} to {p.Buyer} for {MoneyText.Format(p.Price, currency)}"
        + (p.ValidUntilMs is { } until ? $", valid until {Utc(until)}" : string.Empty);

    /// <summary>"90m", "2h", "3600s": a whole number and a unit, more than zero and at most 24 h.</summary>
    private static TimeSpan Duration(string option, string text)
    {
        var unit = text.Length > 1 ? text[^1] : ' ';
        var ok = long.TryParse(text.AsSpan(0, Math.Max(0, text.Length - 1)), NumberStyles.None, CultureInfo.InvariantCulture, out var count);
        var duration = !ok ? (TimeSpan?)null : unit switch
        {
            's' when count <= SettlePayload.MaxValidityMs / 1000 => TimeSpan.FromSeconds(count),
            'm' when count <= SettlePayload.MaxValidityMs / 60_000 => TimeSpan.FromMinutes(count),
            'h' when count <= SettlePayload.MaxValidityMs / 3_600_000 => TimeSpan.FromHours(count),
            _ => null,
        };
        return duration is { } d && d > TimeSpan.Zero && d.TotalMilliseconds <= SettlePayload.MaxValidityMs
            ? d
            : throw new CliException($"{option} {text}: give a duration such as 90m, 2h or 3600s, more than zero and at most 24h.");
    }

    private static string Utc(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
