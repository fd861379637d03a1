using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Dream.Crypto;
using Dream.Market;
using Dream.Market.Contracts;
using Dream.Market.Money;
using Dream.Market.Transactions;
using Spectre.Console;

namespace Dream.Cli;

/// <summary>The commands of <c>dream</c>. Each signs what it sends with the participant's key.</summary>
public static class Commands
{
    private const int RedirectedWidth = 1024;

    public static void AddAll(RootCommand root, GlobalOptions o)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(o);

        var key = new Command("key", "Manage your key (your identity: a did:key).");
        var force = new Option<bool>("--force") { Description = "Replace an existing key (its identity is lost)." };
        var keyNew = new Command("new", "Create your Ed25519 key (mode 0600) and print its did:key.") { force };
        keyNew.SetAction(parse => Run(() =>
        {
            var path = o.KeyFile(parse);
            using var created = KeyStore.Create(path, parse.GetValue(force));
            Console.WriteLine(created.PublicKey.Did);
            Console.Error.WriteLine($"key written to {path}; ask the grid authority to register this did:key.");
            return Task.FromResult(0);
        }));
        var keyShow = new Command("show", "Print your did:key.");
        keyShow.SetAction(parse => Run(() =>
        {
            using var loaded = KeyStore.Load(o.KeyFile(parse));
            Console.WriteLine(loaded.PublicKey.Did);
            return Task.FromResult(0);
        }));
        key.Subcommands.Add(keyNew);
        key.Subcommands.Add(keyShow);
        root.Subcommands.Add(key);

        var promise = new Command("promise", "Create, split and merge power promises.");
        var passport = new Option<string>("--passport") { Description = "Your metering point's passport id.", Required = true };
        var amount = new Option<long>("--amount-wh") { Description = "Energy promised, Wh.", Required = true };
        var start = new Option<string>("--start") { Description = "Delivery window start: Unix ms or ISO 8601 UTC, on a quarter hour.", Required = true };
        var end = new Option<string>("--end") { Description = "Delivery window end: Unix ms or ISO 8601 UTC, on a quarter hour.", Required = true };
        var create = new Command("create", "Promise energy from your metering point in a window; the deposit goes into escrow.") { passport, amount, start, end };
        create.SetAction((parse, ct) => Run(async () =>
        {
            using var client = o.Client(parse);
            var tariff = await TariffAsync(client, ct);
            var template = await TemplateAsync(client, ContractKind.Promise, ct);
            var draft = new PromiseCreatePayload
            {
                Supplier = client.Key.PublicKey.Did,
                Passport = parse.GetValue(passport)!,
                AmountWh = parse.GetValue(amount),
                StartMs = Time(parse.GetValue(start)!),
                EndMs = Time(parse.GetValue(end)!),
                Tariff = tariff.Version,
                Deposit = checked((parse.GetValue(amount) * tariff.PenaltyPerKwh) + 999) / 1000,
                Template = template.Version,
                Contract = string.Empty,
                AtMs = client.NowMs(),
            };
            var payload = draft with { Contract = ContractRenderer.Hash(ContractRenderer.RenderPromise(template, draft, tariff)) };
            return Done(parse, o, await client.SubmitAsync(MarketTransaction.Create(payload, client.Key), ct), $"promise {{id}} created (deposit {MoneyText.Format(payload.Deposit, tariff.Currency)} in escrow)");
        }));
        var splitId = new Argument<string>("promise") { Description = "The promise id." };
        var parts = new Option<string>("--parts") { Description = "Comma-separated Wh of the parts; they must sum to the promise.", Required = true };
        var split = new Command("split", "Split an unexpired promise you own into parts that sum exactly.") { splitId, parts };
        split.SetAction((parse, ct) => Run(async () =>
        {
            using var client = o.Client(parse);
            var values = parse.GetValue(parts)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(p => long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw new CliException($"--parts: {p} is not a whole number of Wh.")).ToList();
            var payload = new PromiseSplitPayload { Promise = parse.GetValue(splitId)!, Owner = client.Key.PublicKey.Did, Parts = values, AtMs = client.NowMs() };
            return Done(parse, o, await client.SubmitAsync(MarketTransaction.Create(payload, client.Key), ct), "promise split by transaction {id}");
        }));
        var mergeIds = new Argument<string[]>("promises") { Description = "The ids of 2 to 16 promises you own (same supplier, metering point, window and tariff).", Arity = ArgumentArity.OneOrMore };
        var merge = new Command("merge", "Merge promises you own into one.") { mergeIds };
        merge.SetAction((parse, ct) => Run(async () =>
        {
            using var client = o.Client(parse);
            var payload = new PromiseMergePayload { Owner = client.Key.PublicKey.Did, Promises = parse.GetValue(mergeIds)!, AtMs = client.NowMs() };
            return Done(parse, o, await client.SubmitAsync(MarketTransaction.Create(payload, client.Key), ct), "promises merged by transaction {id}");
        }));
        promise.Subcommands.Add(create);
        promise.Subcommands.Add(split);
        promise.Subcommands.Add(merge);
        root.Subcommands.Add(promise);

        var auction = new Command("auction", "Auction a promise you own.");
        var auctionPromise = new Argument<string>("promise") { Description = "The promise id." };
        var basePrice = new Option<string>("--base-price") { Description = "Bids must be strictly above it, in currency units (e.g. 1.00 or \"1.00 EUR\").", Required = true };
        var deadline = new Option<string>("--deadline") { Description = "When bidding ends: Unix ms or ISO 8601 UTC, at the latest when delivery starts.", Required = true };
        var auctionCreate = new Command("create", "Open an auction; the best bid at the deadline wins.") { auctionPromise, basePrice, deadline };
        auctionCreate.SetAction((parse, ct) => Run(async () =>
        {
            using var client = o.Client(parse);
            var tariff = await TariffAsync(client, ct);
            var template = await TemplateAsync(client, ContractKind.Auction, ct);
            var draft = new AuctionCreatePayload
            {
                Promise = parse.GetValue(auctionPromise)!,
                Owner = client.Key.PublicKey.Did,
                BasePrice = MoneyInput.Parse("--base-price", parse.GetValue(basePrice)!, tariff.Currency, allowZero: true),
                DeadlineMs = Time(parse.GetValue(deadline)!),
                Template = template.Version,
                Contract = string.Empty,
                AtMs = client.NowMs(),
            };
            var payload = draft with { Contract = ContractRenderer.Hash(ContractRenderer.RenderAuction(template, draft, tariff.Currency)) };
            return Done(parse, o, await client.SubmitAsync(MarketTransaction.Create(payload, client.Key), ct), "auction {id} open");
        }));
        auction.Subcommands.Add(auctionCreate);
        root.Subcommands.Add(auction);

        var bidAuction = new Argument<string>("auction") { Description = "The auction id." };
        var bidAmount = new Option<string>("--amount") { Description = "Your bid in currency units (e.g. 1.75 or \"1.75 EUR\"); it is held until you are outbid or win.", Required = true };
        var bid = new Command("bid", "Bid on an auction.") { bidAuction, bidAmount };
        bid.SetAction((parse, ct) => Run(async () =>
        {
            using var client = o.Client(parse);
            var tariff = await TariffAsync(client, ct);
            var amountMinor = MoneyInput.Parse("--amount", parse.GetValue(bidAmount)!, tariff.Currency, allowZero: false);
            var payload = new BidPayload { Auction = parse.GetValue(bidAuction)!, Bidder = client.Key.PublicKey.Did, Amount = amountMinor, AtMs = client.NowMs() };
            return Done(parse, o, await client.SubmitAsync(MarketTransaction.Create(payload, client.Key), ct), $"bid {{id}} of {MoneyText.Format(amountMinor, tariff.Currency)} accepted");
        }));
        root.Subcommands.Add(bid);

        SettleCommand.Add(root, o);

        var mine = new Option<bool>("--mine") { Description = "Only promises you own." };
        var promises = new Command("promises", "List promises.") { mine };
        promises.SetAction((parse, ct) => Run(async () =>
        {
            using var client = o.Client(parse);
            var list = await client.GetAsync(parse.GetValue(mine) ? $"api/v1/market/promises?owner={Uri.EscapeDataString(client.Key.PublicKey.Did)}" : "api/v1/market/promises", ct);
            return Print(parse, o, list, () => Table(list, "id", "owner", "amountWh", "start", "end", "deposit", "status", "outcome", "auction"));
        }));
        root.Subcommands.Add(promises);

        var auctions = new Command("auctions", "List auctions.");
        auctions.SetAction((parse, ct) => Run(async () =>
        {
            using var client = o.Client(parse);
            var list = await client.GetAsync("api/v1/market/auctions", ct);
            return Print(parse, o, list, () => Table(list, "id", "promise", "seller", "basePrice", "deadline", "status", "bestBid", "bestBidder"));
        }));
        root.Subcommands.Add(auctions);

        var settlements = new Command("settlements", "List settlements: who bought which promise for how much, and who signed.");
        settlements.SetAction((parse, ct) => Run(async () =>
        {
            using var client = o.Client(parse);
            var list = await client.GetAsync("api/v1/market/settlements", ct);
            return Print(parse, o, list, () => Table(list, "auction", "promise", "seller", "buyer", "price", "signedBy"));
        }));
        root.Subcommands.Add(settlements);

        var of = new Argument<string?>("did") { Description = "Whose account (default: yours).", Arity = ArgumentArity.ZeroOrOne };
        var balance = new Command("balance", "Show an account: available, held for bids, escrowed deposits.") { of };
        balance.SetAction((parse, ct) => Run(async () =>
        {
            using var client = o.Client(parse);
            var did = parse.GetValue(of) ?? client.Key.PublicKey.Did;
            var account = await client.GetAsync($"api/v1/market/accounts/{did}", ct);
            return Print(parse, o, account, () =>
            {
                var currency = account.GetProperty("currency").GetString()
                    ?? throw new CliException("NoTariff", "The grid authority has not published a tariff yet, so the market has no currency.");
                string Amount(string name) => MoneyText.Format(account.GetProperty(name + "Minor").GetInt64(), currency);
                Console.WriteLine($"available {Amount("available")} held {Amount("held")} escrowed {Amount("escrowed")}");
            });
        }));
        root.Subcommands.Add(balance);

        var contract = new Command("contract", "Ricardian contracts of promises and auctions.");
        var contractId = new Argument<string>("id") { Description = "A promise or auction id." };
        var show = new Command("show", "Print the contract, re-render it locally from the template and the signed parameters, and compare hashes.") { contractId };
        show.SetAction((parse, ct) => Run(async () =>
        {
            using var client = o.Client(parse);
            var c = await client.GetAsync($"api/v1/market/contracts/{parse.GetValue(contractId)}", ct);
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
        contract.Subcommands.Add(show);
        root.Subcommands.Add(contract);
    }

    /// <summary>Re-renders a contract from the template and the signed creating transaction; returns its hash.</summary>
    public static string Rerender(JsonElement contract)
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

    internal static async Task<TariffPayload> TariffAsync(LedgerClient client, CancellationToken ct)
    {
        var tariff = await client.GetAsync("api/v1/market/tariff", ct);
        return (TariffPayload)MarketPayloadReader.Parse(Convert.FromBase64String(tariff.GetProperty("payload").GetString()!));
    }

    /// <summary>The latest template of a kind, as its signed payload (its type says how money renders).</summary>
    private static async Task<ContractTemplatePayload> TemplateAsync(LedgerClient client, ContractKind kind, CancellationToken ct)
    {
        var name = ContractKinds.Name(kind);
        var latest = (await client.GetAsync("api/v1/market/templates", ct)).EnumerateArray()
            .Where(t => t.GetProperty("kind").GetString() == name)
            .OrderBy(t => t.GetProperty("version").GetInt64())
            .LastOrDefault();
        return latest.ValueKind == JsonValueKind.Object
            ? (ContractTemplatePayload)MarketPayloadReader.Parse(Convert.FromBase64String(latest.GetProperty("payload").GetString()!))
            : throw new CliException("NoTemplate", $"The grid authority has published no {name} contract template yet.");
    }

    private static long Time(string text)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return ms;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time.ToUnixTimeMilliseconds()
            : throw new CliException($"{text} is neither Unix ms nor an ISO 8601 time.");
    }

    internal static int Done(ParseResult parse, GlobalOptions o, JsonElement answer, string message) =>
        Print(parse, o, answer, () => Console.WriteLine(message.Replace("{id}", answer.GetProperty("id").GetString(), StringComparison.Ordinal) + $" (log index {answer.GetProperty("logIndex")})"));

    private static int Print(ParseResult parse, GlobalOptions o, JsonElement answer, Action human)
    {
        if (parse.GetValue(o.Json))
        {
            Console.WriteLine(CliJson.Indented(answer));
        }
        else
        {
            human();
        }

        return 0;
    }

    private static void Table(JsonElement list, params string[] columns)
    {
        var table = new Table();
        foreach (var column in columns)
        {
            table.AddColumn(column);
        }

        foreach (var row in list.EnumerateArray())
        {
            // Plain Text, not markup: markup would also turn ":key:" inside every did:key into an emoji.
            table.AddRow(columns.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(row.TryGetProperty(c, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "-")).ToArray());
        }

        if (Console.IsOutputRedirected)
        {
            // A pipe has no width: keep each row on one line (whole did:keys) for grep and scripts.
            AnsiConsole.Profile.Width = RedirectedWidth;
        }

        AnsiConsole.Write(table);
    }

    internal static async Task<int> Run(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync(e.Rule is null ? $"error: {e.Message}" : $"refused ({e.Rule}): {e.Message}");
            return e.Rule is null ? 2 : 1;
        }
        catch (MarketException e)
        {
            await Console.Error.WriteLineAsync($"refused ({e.Error}): {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is InsecureKeyFileException or KeyFileFormatException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
    }
}
