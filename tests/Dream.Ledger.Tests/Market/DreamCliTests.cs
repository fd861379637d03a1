using System.Globalization;
using Dream.Market.Contracts;
using Dream.Market.Rules;
using Dream.Market.Transactions;

namespace Dream.Ledger.Tests.Market;

/// <summary>The participants' CLI <c>dream</c>, run as a process against a real running ledger.</summary>
public sealed class DreamCliTests
{
    private static readonly string Executable = Path.Combine(AppContext.BaseDirectory, "dream.dll");
    private const long Quarter = MarketTestLedger.Quarter;

    [Fact]
    public async Task Dream_cli_creates_keys_promises_auctions_and_bids_names_broken_rules_and_checks_contracts()
    {
        await using var ledger = await MarketTestLedger.StartInQuarterAsync();
        var keys = ledger.Directory.Combine("keys");

        var supplierKey = Path.Combine(keys, "supplier", "key");
        var buyer1Key = Path.Combine(keys, "buyer1", "key");
        var buyer2Key = Path.Combine(keys, "buyer2", "key");
        var supplierDid = (await OkAsync(ledger, "key", "new", "--key", supplierKey)).Trim();
        var buyer1Did = (await OkAsync(ledger, "key", "new", "--key", buyer1Key)).Trim();
        var buyer2Did = (await OkAsync(ledger, "key", "new", "--key", buyer2Key)).Trim();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(supplierKey));
        var again = await RunAsync(ledger, "key", "new", "--key", supplierKey);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("refusing to overwrite", again.StandardError, StringComparison.Ordinal);

        using var supplier = KeyFile.Read(supplierKey);
        await ledger.AdminPostAsync("admin/v1/participants", new { did = supplierDid, role = "prosumer", name = "Prosumer" });
        await ledger.AdminPostAsync("admin/v1/participants", new { did = buyer1Did, role = "consumer", name = "Buyer One" });
        await ledger.AdminPostAsync("admin/v1/participants", new { did = buyer2Did, role = "consumer", name = "Buyer Two" });
        var meter = await ledger.AddMeterAsync(supplier);
        await ledger.PublishTariffAndTemplatesAsync(graceMs: 60_000);
        await ledger.CreditAsync(supplierDid, 1_000, "cli-1");
        await ledger.CreditAsync(buyer1Did, 1_000, "cli-2");
        await ledger.CreditAsync(buyer2Did, 1_000, "cli-3");

        var windowStart = ledger.QuarterFromNow(2);
        var created = JsonDocument.Parse(await OkAsync(ledger, "promise", "create", "--key", supplierKey, "--json", "--passport", meter.Passport.Id, "--amount-wh", "2000",
            "--start", Ms(windowStart), "--end", DateTimeOffset.FromUnixTimeMilliseconds(windowStart + Quarter).ToString("O", CultureInfo.InvariantCulture))).RootElement;
        var promise = created.GetProperty("id").GetString()!;
        var createdText = await OkAsync(ledger, "promise", "create", "--key", supplierKey, "--passport", meter.Passport.Id, "--amount-wh", "1000", "--start", Ms(windowStart + Quarter), "--end", Ms(windowStart + (2 * Quarter)));
        Assert.Contains("(deposit 3.00 EUR in escrow)", createdText, StringComparison.Ordinal);

        var tooBig = await RunAsync(ledger, "promise", "create", "--key", supplierKey, "--passport", meter.Passport.Id, "--amount-wh", "5000000", "--start", Ms(windowStart + Quarter), "--end", Ms(windowStart + (2 * Quarter)));
        Assert.Equal(1, tooBig.ExitCode);
        Assert.Contains("refused (AmountOutOfBounds)", tooBig.StandardError, StringComparison.Ordinal);

        // Money is typed in currency units, exactly: 1.00 EUR is 100 minor units; a third decimal is refused.
        var auctionOut = await OkAsync(ledger, "auction", "create", promise, "--key", supplierKey, "--base-price", "1.00", "--deadline", Ms(windowStart - 60_000), "--json");
        var auction = JsonDocument.Parse(auctionOut).RootElement.GetProperty("id").GetString()!;
        Assert.Contains("bid ", await OkAsync(ledger, "bid", auction, "--key", buyer1Key, "--amount", "1.5"), StringComparison.Ordinal);
        var low = await RunAsync(ledger, "bid", auction, "--key", buyer2Key, "--amount", "1.50 EUR");
        Assert.Equal(1, low.ExitCode);
        Assert.Contains("refused (BidTooLow)", low.StandardError, StringComparison.Ordinal);
        Assert.Contains("strictly above the best bid 1.50 EUR; 1.50 EUR is not", low.StandardError, StringComparison.Ordinal);
        var tooPrecise = await RunAsync(ledger, "bid", auction, "--key", buyer2Key, "--amount", "1.755");
        Assert.Equal(2, tooPrecise.ExitCode);
        Assert.Contains("--amount: \"1.755\" has 3 decimals; EUR has 2", tooPrecise.StandardError, StringComparison.Ordinal);
        var otherCurrency = await RunAsync(ledger, "bid", auction, "--key", buyer2Key, "--amount", "1.75 USD");
        Assert.Equal(2, otherCurrency.ExitCode);
        Assert.Contains("the market's currency is EUR, not USD", otherCurrency.StandardError, StringComparison.Ordinal);
        Assert.Contains("of 1.75 EUR accepted", await OkAsync(ledger, "bid", auction, "--key", buyer2Key, "--amount", "1.75"), StringComparison.Ordinal);

        // --json keeps integer minor units under names that say so, beside the amounts in currency units.
        var balance = JsonDocument.Parse(await OkAsync(ledger, "balance", "--key", buyer2Key, "--json")).RootElement;
        Assert.Equal(825, balance.GetProperty("availableMinor").GetInt64());
        Assert.Equal(175, balance.GetProperty("heldMinor").GetInt64());
        Assert.Equal("EUR", balance.GetProperty("currency").GetString());
        Assert.Equal("8.25 EUR", balance.GetProperty("available").GetString());
        Assert.Contains("available 10.00 EUR held 0.00 EUR escrowed 0.00 EUR", await OkAsync(ledger, "balance", "--key", buyer1Key), StringComparison.Ordinal);
        Assert.Contains("available 1.00 EUR held 0.00 EUR escrowed 9.00 EUR", await OkAsync(ledger, "balance", "--key", supplierKey), StringComparison.Ordinal);

        var contract = await OkAsync(ledger, "contract", "show", promise, "--key", buyer1Key);
        Assert.Contains("delivers 2000 Wh", contract, StringComparison.Ordinal);
        Assert.Contains("deposit 6.00 EUR (tariff 1, penalty 3.00 EUR per kWh, fee 0.10 EUR per kWh", contract, StringComparison.Ordinal);
        Assert.Contains("(match)", contract, StringComparison.Ordinal);
        var auctionContract = await OkAsync(ledger, "contract", "show", auction, "--key", buyer1Key);
        Assert.Contains("base price 1.00 EUR, bids until", auctionContract, StringComparison.Ordinal);
        Assert.Contains("(match)", auctionContract, StringComparison.Ordinal);
        Assert.Contains(promise, await OkAsync(ledger, "promises", "--json", "--key", buyer1Key), StringComparison.Ordinal);
        var promisesTable = await OkAsync(ledger, "promises", "--key", buyer1Key);
        Assert.Contains("status", promisesTable, StringComparison.Ordinal);
        Assert.Contains(supplierDid, promisesTable, StringComparison.Ordinal);
        Assert.Contains("6.00 EUR", promisesTable, StringComparison.Ordinal);
        Assert.DoesNotContain("\U0001F511", promisesTable, StringComparison.Ordinal);
        Assert.Contains(auction, await OkAsync(ledger, "auctions", "--json", "--key", buyer1Key), StringComparison.Ordinal);
        var auctionsTable = await OkAsync(ledger, "auctions", "--key", buyer1Key);
        Assert.Contains(supplierDid, auctionsTable, StringComparison.Ordinal);
        Assert.Contains(buyer2Did, auctionsTable, StringComparison.Ordinal);
        Assert.Contains("1.75 EUR", auctionsTable, StringComparison.Ordinal);
        Assert.Contains("1.00 EUR", auctionsTable, StringComparison.Ordinal);

        // At the deadline the ledger ends the auction and settles it; the CLI sees the new owner and balances.
        await ledger.AdvanceAndRunSchedulerAsync(TimeSpan.FromMilliseconds(windowStart - 60_000 - ledger.NowMs + 1000));
        var mine = JsonDocument.Parse(await OkAsync(ledger, "promises", "--mine", "--json", "--key", buyer2Key)).RootElement;
        Assert.Equal(promise, Assert.Single(mine.EnumerateArray()).GetProperty("id").GetString());
        Assert.Contains("available 8.25 EUR held 0.00 EUR escrowed 0.00 EUR", await OkAsync(ledger, "balance", "--key", buyer2Key), StringComparison.Ordinal);
        Assert.Contains("available 2.75 EUR held 0.00 EUR escrowed 9.00 EUR", await OkAsync(ledger, "balance", "--key", supplierKey), StringComparison.Ordinal);
        var late = await RunAsync(ledger, "bid", auction, "--key", buyer1Key, "--amount", "9.00");
        Assert.Equal(1, late.ExitCode);
        Assert.Contains("refused (", late.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seller_and_buyer_sign_a_settlement_an_hour_apart_and_a_late_or_replayed_one_is_refused()
    {
        await using var ledger = await MarketTestLedger.StartInQuarterAsync();
        var (sellerKey, buyerKey, passport) = await TradersAsync(ledger);
        await ledger.AdminPostAsync("admin/v1/market/templates", new { kind = "promise", text = MarketTestLedger.PromiseTemplate });
        await ledger.AdminPostAsync("admin/v1/market/templates", new { kind = "auction", text = MarketTestLedger.AuctionTemplate });

        // Two promises five hours ahead (the steps below take 3.5 h), each auctioned until a minute before its window, each with a bid.
        var windowStart = ledger.QuarterFromNow(20);
        var deadline = Ms(windowStart - 60_000);
        var first = await IdAsync(ledger, "promise", "create", "--key", sellerKey, "--passport", passport, "--amount-wh", "2000", "--start", Ms(windowStart), "--end", Ms(windowStart + Quarter));
        var second = await IdAsync(ledger, "promise", "create", "--key", sellerKey, "--passport", passport, "--amount-wh", "1000", "--start", Ms(windowStart + Quarter), "--end", Ms(windowStart + (2 * Quarter)));
        var auctionA = await IdAsync(ledger, "auction", "create", first, "--key", sellerKey, "--base-price", "1.00", "--deadline", deadline);
        var auctionB = await IdAsync(ledger, "auction", "create", second, "--key", sellerKey, "--base-price", "1.00", "--deadline", deadline);
        await OkAsync(ledger, "bid", auctionA, "--key", buyerKey, "--amount", "1.75");
        await OkAsync(ledger, "bid", auctionB, "--key", buyerKey, "--amount", "2.00");
        var signedAt = ledger.NowMs;

        // The seller signs its half now and accepts the best bid; the buyer countersigns an hour later.
        var halfA = ledger.Directory.Combine("half-a.json");
        var wrote = await OkAsync(ledger, "settle", auctionA, "--key", sellerKey, "--out", halfA);
        Assert.Contains("for 1.75 EUR, valid until ", wrote, StringComparison.Ordinal);
        var signedHalf = MarketTransaction.Parse(await File.ReadAllBytesAsync(halfA));
        var terms = Assert.IsType<SettlePayload>(signedHalf.Payload);
        Assert.Equal(PayloadTypes.Settle2, terms.Type);
        Assert.Equal(signedAt, terms.AtMs);
        Assert.Equal(signedAt + SettlePayload.MaxValidityMs, terms.ValidUntilMs);
        Assert.Equal(175, terms.Price);

        await ledger.AdvanceAndRunSchedulerAsync(TimeSpan.FromHours(1));
        var settled = await OkAsync(ledger, "settle", "--countersign", halfA, "--key", buyerKey);
        Assert.Contains("countersigning: auction " + auctionA, settled, StringComparison.Ordinal);
        Assert.Contains("settled by transaction", settled, StringComparison.Ordinal);
        var auctions = JsonDocument.Parse(await OkAsync(ledger, "auctions", "--json", "--key", buyerKey)).RootElement.EnumerateArray().ToDictionary(a => a.GetProperty("id").GetString()!);
        Assert.Equal("settled", auctions[auctionA].GetProperty("status").GetString());
        Assert.Equal("open", auctions[auctionB].GetProperty("status").GetString());
        var settlement = Assert.Single(JsonDocument.Parse(await OkAsync(ledger, "settlements", "--json", "--key", buyerKey)).RootElement.EnumerateArray());
        Assert.Equal("buyer+seller+grid-authority", settlement.GetProperty("signedBy").GetString());
        Assert.Equal("1.75 EUR", settlement.GetProperty("price").GetString());
        Assert.Equal(first, Assert.Single(JsonDocument.Parse(await OkAsync(ledger, "promises", "--mine", "--json", "--key", buyerKey)).RootElement.EnumerateArray()).GetProperty("id").GetString());
        Assert.Contains("available 2.75 EUR held 0.00 EUR escrowed 9.00 EUR", await OkAsync(ledger, "balance", "--key", sellerKey), StringComparison.Ordinal);

        // The same signed settlement again is refused: it was applied.
        var replay = await RunAsync(ledger, "settle", "--countersign", halfA, "--key", buyerKey);
        Assert.Equal(1, replay.ExitCode);
        Assert.Contains("refused (DuplicateTransaction)", replay.StandardError, StringComparison.Ordinal);

        // A half given 30 minutes is refused an hour later, and says why.
        var halfB = ledger.Directory.Combine("half-b.json");
        await OkAsync(ledger, "settle", auctionB, "--key", sellerKey, "--out", halfB, "--valid-for", "30m");
        await ledger.AdvanceAndRunSchedulerAsync(TimeSpan.FromHours(1));
        var expired = await RunAsync(ledger, "settle", "--countersign", halfB, "--key", buyerKey);
        Assert.Equal(1, expired.ExitCode);
        Assert.Contains("refused (SettlementExpired): The settlement was valid until", expired.StandardError, StringComparison.Ordinal);
        Assert.Contains("must sign a new one", expired.StandardError, StringComparison.Ordinal);

        // The window is bounded, and either party may sign first: here the buyer, and the seller countersigns.
        var tooLong = await RunAsync(ledger, "settle", auctionB, "--key", buyerKey, "--out", halfB, "--valid-for", "25h");
        Assert.Equal(2, tooLong.ExitCode);
        Assert.Contains("at most 24h", tooLong.StandardError, StringComparison.Ordinal);
        var mine = await RunAsync(ledger, "settle", "--countersign", halfB, "--key", sellerKey);
        Assert.Equal(2, mine.ExitCode);
        Assert.Contains("You already signed", mine.StandardError, StringComparison.Ordinal);
        await OkAsync(ledger, "settle", auctionB, "--key", buyerKey, "--out", halfB, "--valid-for", "2h");
        await ledger.AdvanceAndRunSchedulerAsync(TimeSpan.FromMinutes(90));
        await OkAsync(ledger, "settle", "--countersign", halfB, "--key", sellerKey);
        Assert.Equal(2, JsonDocument.Parse(await OkAsync(ledger, "promises", "--mine", "--json", "--key", buyerKey)).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Contracts_signed_under_a_minor_unit_template_keep_their_text_and_hash_and_new_ones_use_the_new_version()
    {
        await using var ledger = await MarketTestLedger.StartInQuarterAsync();
        var (sellerKey, buyerKey, passport) = await TradersAsync(ledger);

        // A ledger from before contract-template/2: its promise template renders the deposit in minor units.
        var legacy = new ContractTemplatePayload { Kind = ContractKind.Promise, Version = 1, Text = "{{supplier}} delivers {{amountWh}} Wh; deposit {{deposit}} {{currency}}.", FormatVersion = 1, AtMs = ledger.NowMs };
        await ledger.AcceptedAsync(MarketTransaction.Create(legacy, ledger.Server.Key));
        var windowStart = ledger.QuarterFromNow(4);
        var old = await IdAsync(ledger, "promise", "create", "--key", sellerKey, "--passport", passport, "--amount-wh", "2000", "--start", Ms(windowStart), "--end", Ms(windowStart + Quarter));
        var oldShown = await OkAsync(ledger, "contract", "show", old, "--key", buyerKey);
        Assert.Contains("delivers 2000 Wh; deposit 600 EUR.", oldShown, StringComparison.Ordinal);
        Assert.Contains("(match)", oldShown, StringComparison.Ordinal);
        var oldHash = JsonDocument.Parse(await OkAsync(ledger, "contract", "show", old, "--json", "--key", buyerKey)).RootElement.GetProperty("contract").GetProperty("signedHash").GetString();

        // The grid authority publishes the text again: version 2, in the currency-unit format; new promises use it.
        await ledger.AdminPostAsync("admin/v1/market/templates", new { kind = "promise", text = "{{supplier}} delivers {{amountWh}} Wh; deposit {{deposit}}." });
        var fresh = await IdAsync(ledger, "promise", "create", "--key", sellerKey, "--passport", passport, "--amount-wh", "1000", "--start", Ms(windowStart + Quarter), "--end", Ms(windowStart + (2 * Quarter)));
        var freshShown = JsonDocument.Parse(await OkAsync(ledger, "contract", "show", fresh, "--json", "--key", buyerKey)).RootElement;
        Assert.True(freshShown.GetProperty("matches").GetBoolean());
        Assert.Equal(2, freshShown.GetProperty("contract").GetProperty("templateVersion").GetInt64());
        Assert.Equal(PayloadTypes.ContractTemplate2, freshShown.GetProperty("contract").GetProperty("templateType").GetString());
        Assert.EndsWith("delivers 1000 Wh; deposit 3.00 EUR.", freshShown.GetProperty("contract").GetProperty("text").GetString(), StringComparison.Ordinal);

        // The old contract is unchanged, also after the ledger replays its log on a restart.
        await ledger.StopServerAsync();
        await ledger.StartServerAsync();
        var again = JsonDocument.Parse(await OkAsync(ledger, "contract", "show", old, "--json", "--key", buyerKey)).RootElement;
        Assert.True(again.GetProperty("matches").GetBoolean());
        Assert.Equal(oldHash, again.GetProperty("contract").GetProperty("hash").GetString());
        Assert.Equal(1, again.GetProperty("contract").GetProperty("templateVersion").GetInt64());
        Assert.EndsWith("delivers 2000 Wh; deposit 600 EUR.", again.GetProperty("contract").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_supplier_substitutes_its_promise_with_bought_cover_until_the_window_starts_and_is_refused_from_then()
    {
        await using var ledger = await MarketTestLedger.StartInQuarterAsync();
        var supplierKey = ledger.Directory.Combine("keys", "supplier", "key");
        var supplierDid = (await OkAsync(ledger, "key", "new", "--key", supplierKey)).Trim();
        using var supplier = KeyFile.Read(supplierKey);
        await ledger.RegisterAsync(supplier, "prosumer", "Supplier");
        var other = await ledger.ParticipantAsync("prosumer", "Other supplier");
        var buyer = await ledger.ParticipantAsync("consumer", "Buyer");
        var supplierMeter = await ledger.AddMeterAsync(supplier);
        var otherMeter = await ledger.AddMeterAsync(other);
        await ledger.PublishTariffAndTemplatesAsync();
        await ledger.CreditAsync(supplierDid, 1_000, "sub-1");
        await ledger.CreditAsync(other.PublicKey.Did, 1_000, "sub-2");
        await ledger.CreditAsync(buyer.PublicKey.Did, 1_000, "sub-3");

        // The supplier sells one of its two promises (1000 and 800 Wh) and buys two of another supplier's, as large, for the same window.
        var windowStart = ledger.QuarterFromNow(4);
        var deadline = ledger.NowMs + (10 * 60_000);
        var sold = await ledger.AcceptedAsync(ledger.Promise(supplier, supplierMeter.Passport.Id, 1_000, windowStart, windowStart + Quarter));
        var kept = await ledger.AcceptedAsync(ledger.Promise(supplier, supplierMeter.Passport.Id, 800, windowStart, windowStart + Quarter));
        var cover = await ledger.AcceptedAsync(ledger.Promise(other, otherMeter.Passport.Id, 1_000, windowStart, windowStart + Quarter));
        var lateCover = await ledger.AcceptedAsync(ledger.Promise(other, otherMeter.Passport.Id, 800, windowStart, windowStart + Quarter));
        await ledger.AcceptedAsync(ledger.Bid(buyer, await ledger.AcceptedAsync(ledger.Auction(supplier, sold, 100, deadline)), 200));
        foreach (var promise in new[] { cover, lateCover })
        {
            await ledger.AcceptedAsync(ledger.Bid(supplier, await ledger.AcceptedAsync(ledger.Auction(other, promise, 100, deadline)), 150));
        }

        await ledger.AdvanceAndRunSchedulerAsync(TimeSpan.FromMilliseconds(deadline - ledger.NowMs + 1_000));
        Assert.Contains("available 3.60 EUR held 0.00 EUR escrowed 5.40 EUR", await OkAsync(ledger, "balance", "--key", supplierKey), StringComparison.Ordinal);

        // Cover in two parts (a split of the bought promise), named by repeating --cover.
        var split = await IdAsync(ledger, "promise", "split", cover, "--parts", "600,400", "--key", supplierKey);
        var parts = new[] { MarketRules.DerivedPromiseId(split, 0), MarketRules.DerivedPromiseId(split, 1) };
        var substituted = await OkAsync(ledger, "promise", "substitute", sold, "--cover", parts[0], "--cover", parts[1], "--key", supplierKey);
        Assert.Contains($"promise {sold} substituted by transaction ", substituted, StringComparison.Ordinal);

        var promises = JsonDocument.Parse(await OkAsync(ledger, "promises", "--json", "--key", supplierKey)).RootElement.EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);
        Assert.Equal("substituted", promises[sold].GetProperty("status").GetString());
        Assert.Equal("2.90 EUR", promises[sold].GetProperty("refundedToSupplier").GetString());
        Assert.All(parts, id => Assert.Equal(buyer.PublicKey.Did, promises[id].GetProperty("owner").GetString()));
        Assert.Contains("available 6.50 EUR held 0.00 EUR escrowed 2.40 EUR", await OkAsync(ledger, "balance", "--key", supplierKey), StringComparison.Ordinal);

        // At the window's start, exactly, the deadline has passed.
        ledger.Time.Advance(TimeSpan.FromMilliseconds(windowStart - ledger.NowMs));
        var late = await RunAsync(ledger, "promise", "substitute", kept, "--cover", lateCover, "--key", supplierKey);
        Assert.Equal(1, late.ExitCode);
        Assert.Contains("refused (SubstitutionDeadlinePassed): ", late.StandardError, StringComparison.Ordinal);
        Assert.Contains($"could be substituted until {DateTimeOffset.FromUnixTimeMilliseconds(windowStart):yyyy-MM-dd'T'HH:mm:ss'Z'}, the start of its delivery window", late.StandardError, StringComparison.Ordinal);
        var after = JsonDocument.Parse(await OkAsync(ledger, "promises", "--mine", "--json", "--key", supplierKey)).RootElement.EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
        Assert.Contains(kept, after);
        Assert.Contains(lateCover, after);
    }

    [Fact]
    public async Task A_world_readable_key_file_is_refused_with_a_message_and_no_stack_trace()
    {
        using var temp = new TemporaryDirectory();
        var keyFile = temp.Combine("key");
        var created = await ExternalProgram.RunAsync("dotnet", [Executable, "key", "new", "--key", keyFile], timeout: TimeSpan.FromSeconds(60));
        Assert.True(created.ExitCode == 0, created.ToString());
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var show = await ExternalProgram.RunAsync("dotnet", [Executable, "key", "show", "--key", keyFile], timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(2, show.ExitCode);
        Assert.Contains(keyFile, show.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", show.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", show.StandardError, StringComparison.Ordinal);
    }

    private static string Ms(long ms) => ms.ToString(CultureInfo.InvariantCulture);

    /// <summary>A seller with a metering point and a buyer, registered and credited 10.00 EUR each; the tariff EUR 3.00 per kWh.</summary>
    private static async Task<(string SellerKey, string BuyerKey, string Passport)> TradersAsync(MarketTestLedger ledger)
    {
        var sellerKey = ledger.Directory.Combine("keys", "seller", "key");
        var buyerKey = ledger.Directory.Combine("keys", "buyer", "key");
        var sellerDid = (await OkAsync(ledger, "key", "new", "--key", sellerKey)).Trim();
        var buyerDid = (await OkAsync(ledger, "key", "new", "--key", buyerKey)).Trim();
        using var seller = KeyFile.Read(sellerKey);
        await ledger.AdminPostAsync("admin/v1/participants", new { did = sellerDid, role = "prosumer", name = "Seller" });
        await ledger.AdminPostAsync("admin/v1/participants", new { did = buyerDid, role = "consumer", name = "Buyer" });
        var meter = await ledger.AddMeterAsync(seller);
        await ledger.AdminPostAsync("admin/v1/market/tariff", new { currency = "EUR", penaltyPerKwh = 300, gridFeePerKwh = 10, minWh = 100, maxWh = 1_000_000, graceMs = 60_000 });
        await ledger.CreditAsync(sellerDid, 1_000, "seller-1");
        await ledger.CreditAsync(buyerDid, 1_000, "buyer-1");
        return (sellerKey, buyerKey, meter.Passport.Id);
    }

    private static async Task<string> IdAsync(MarketTestLedger ledger, params string[] arguments) =>
        JsonDocument.Parse(await OkAsync(ledger, [.. arguments, "--json"])).RootElement.GetProperty("id").GetString()!;

    private static Task<ProcessResult> RunAsync(MarketTestLedger ledger, params string[] arguments) =>
        ExternalProgram.RunAsync("dotnet", [Executable, .. arguments, "--ledger", ledger.Config.Listen, "--time-ms", Ms(ledger.NowMs)], timeout: TimeSpan.FromSeconds(60));

    private static async Task<string> OkAsync(MarketTestLedger ledger, params string[] arguments)
    {
        var result = await RunAsync(ledger, arguments);
        Assert.True(result.ExitCode == 0, $"dream {string.Join(' ', arguments)}: {result}");
        return result.StandardOutput;
    }
}
