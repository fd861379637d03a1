using System.CommandLine;
using Dream.Ledger.Server.Hosting;

namespace Dream.Ledger.Server.Cli;

/// <summary><c>dream-ledger market tariff|credit|debit|template</c>: the grid authority's market administration through the admin API.</summary>
public static class MarketCommands
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "The JSON configuration file.", Required = true };
        var market = new Command("market", "Administer the market: tariffs, contract templates, credits and debits (signed with the GA key, logged).");

        var currency = new Option<string?>("--currency") { Description = "ISO 4217 code (fixed by the first tariff)." };
        var penalty = new Option<long>("--penalty-per-kwh") { Description = "Penalty deposit per kWh promised, minor units.", Required = true };
        var fee = new Option<long>("--grid-fee-per-kwh") { Description = "Grid fee per kWh, minor units (at most the penalty).", Required = true };
        var minWh = new Option<long>("--min-wh") { Description = "Smallest promise, Wh.", Required = true };
        var maxWh = new Option<long>("--max-wh") { Description = "Largest promise, Wh.", Required = true };
        var grace = new Option<long>("--grace-ms") { Description = "Grace period for late readings after a delivery window, ms.", Required = true };
        var tariff = new Command("tariff", "Publish a new tariff version (applies to promises created after it).") { currency, penalty, fee, minWh, maxWh, grace, config };
        tariff.SetAction(async (parse, ct) => await PostAsync(parse.GetValue(config)!, "admin/v1/market/tariff", new JsonObject
        {
            ["currency"] = parse.GetValue(currency),
            ["penaltyPerKwh"] = parse.GetValue(penalty),
            ["gridFeePerKwh"] = parse.GetValue(fee),
            ["minWh"] = parse.GetValue(minWh),
            ["maxWh"] = parse.GetValue(maxWh),
            ["graceMs"] = parse.GetValue(grace),
        }, ct));
        market.Subcommands.Add(tariff);

        foreach (var (name, help) in new[] { ("credit", "Credit an account against an external payment reference."), ("debit", "Debit an account (a payout) against an external payment reference.") })
        {
            var account = new Argument<string>("account") { Description = "The participant's did:key." };
            var amount = new Option<long>("--amount") { Description = "Minor units.", Required = true };
            var reference = new Option<string>("--reference") { Description = "The external payment's id (unique across credits and debits).", Required = true };
            var command = new Command(name, help) { account, amount, reference, config };
            command.SetAction(async (parse, ct) => await PostAsync(parse.GetValue(config)!, $"admin/v1/market/{name}", new JsonObject
            {
                ["account"] = parse.GetValue(account),
                ["amount"] = parse.GetValue(amount),
                ["reference"] = parse.GetValue(reference),
            }, ct));
            market.Subcommands.Add(command);
        }

        var kind = new Argument<string>("kind") { Description = "promise or auction." };
        var file = new Option<string>("--file") { Description = "The template text file ({{parameter}} placeholders, see docs/market.md).", Required = true };
        var template = new Command("template", "Publish the next version of a contract template.") { kind, file, config };
        template.SetAction(async (parse, ct) => await PostAsync(parse.GetValue(config)!, "admin/v1/market/templates", new JsonObject
        {
            ["kind"] = parse.GetValue(kind),
            ["text"] = await File.ReadAllTextAsync(parse.GetValue(file)!, ct),
        }, ct));
        market.Subcommands.Add(template);
        return market;
    }

    private static async Task<int> PostAsync(string configFile, string path, JsonNode body, CancellationToken ct)
    {
        using var admin = new AdminClient(LedgerServerConfig.Load(configFile));
        var (ok, answer) = await admin.PostAsync(path, body, ct);
        (ok ? Console.Out : Console.Error).WriteLine(CliJson.Indented(answer));
        return ok ? 0 : 1;
    }
}
