using Dream.Market.Contracts;

namespace Dream.Cli.Commands;

/// <summary>
/// <c>dream contract show</c>: the Ricardian contract of a promise or auction, re-rendered here from the template
/// and the signed creating transaction; exit 1 when its hash is not the one signed.
/// </summary>
internal sealed class ContractCommand : ICliCommand
{
    public Command Create(GlobalOptions o)
    {
        var id = new Argument<string>("id") { Description = "A promise or auction id." };
        var show = new Command("show", "Print the contract, re-render it locally from the template and the signed parameters, and compare hashes.") { id };
        show.SetAction((parse, ct) => CommandAction.Run(async () =>
        {
            using var client = o.Client(parse);
            var c = await client.GetAsync($"api/v1/market/contracts/{parse.GetValue(id)}", ct);
            var local = Rerender(c);
            var signedHash = c.GetProperty("signedHash").GetString()!;
            var matches = local == signedHash && c.GetProperty("hash").GetString() == signedHash;
            if (parse.GetValue(o.Json))
            {
                Console.WriteLine(CliJson.ContractCheck(c, local, matches));
            }
            else
            {
                Console.WriteLine(c.GetProperty("text").GetString());
                Console.WriteLine();
                Console.WriteLine($"signed hash:      {signedHash}");
                Console.WriteLine($"re-rendered hash: {local} ({(matches ? "match" : "MISMATCH")})");
            }

            return matches ? 0 : 1;
        }));
        return new Command("contract", "Ricardian contracts of promises and auctions.") { show };
    }

    /// <summary>Re-renders a contract from the template and the signed creating transaction; returns its hash.</summary>
    private static string Rerender(JsonElement contract)
    {
        var transaction = MarketTransaction.Parse(Convert.FromBase64String(contract.GetProperty("transaction").GetString()!));
        var template = (ContractTemplatePayload)MarketPayloadReader.Parse(Convert.FromBase64String(contract.GetProperty("templatePayload").GetString()!));
        var tariff = (TariffPayload)MarketPayloadReader.Parse(Convert.FromBase64String(contract.GetProperty("tariff").GetString()!));
        var text = transaction.Payload switch
        {
            PromiseCreatePayload p => ContractRenderer.RenderPromise(template, p, tariff),
            AuctionCreatePayload a => ContractRenderer.RenderAuction(template, a, tariff.Currency),
            _ => throw new CliException($"The contract's transaction is a {transaction.Payload.Type}, not a promise or auction creation."),
        };
        return ContractRenderer.Hash(text);
    }
}
