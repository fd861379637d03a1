using System.Globalization;
using System.Text.Json;
using Dream.Crypto;
using Dream.Testing;

namespace Dream.Ledger.Tests.Market;

/// <summary>The participants' CLI <c>dream</c>, run as a process against a real running ledger.</summary>
public sealed class DreamCliTests
{
    private static readonly string Executable = Path.Combine(AppContext.BaseDirectory, "dream.dll");
    private static readonly long Quarter = 15 * 60_000;

    [Fact]
    public async Task Dream_cli_creates_keys_promises_auctions_and_bids_names_broken_rules_and_checks_contracts()
    {
        var start = DateTimeOffset.FromUnixTimeMilliseconds((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / Quarter * Quarter) + 60_000);
        await using var ledger = await MarketTestLedger.StartAsync(start);
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
        await ledger.AdminPostAsync("admin/v1/market/tariff", new { currency = "EUR", penaltyPerKwh = 300, gridFeePerKwh = 10, minWh = 100, maxWh = 1_000_000, graceMs = 60_000 });
        await ledger.AdminPostAsync("admin/v1/market/templates", new { kind = "promise", text = MarketTestLedger.PromiseTemplate });
        await ledger.AdminPostAsync("admin/v1/market/templates", new { kind = "auction", text = MarketTestLedger.AuctionTemplate });
        await ledger.AdminPostAsync("admin/v1/market/credit", new { account = supplierDid, amount = 1_000, reference = "cli-1" });
        await ledger.AdminPostAsync("admin/v1/market/credit", new { account = buyer1Did, amount = 1_000, reference = "cli-2" });
        await ledger.AdminPostAsync("admin/v1/market/credit", new { account = buyer2Did, amount = 1_000, reference = "cli-3" });

        var windowStart = (ledger.NowMs / Quarter * Quarter) + (2 * Quarter);
        var created = JsonDocument.Parse(await OkAsync(ledger, "promise", "create", "--key", supplierKey, "--json", "--passport", meter.Passport.Id, "--amount-wh", "2000",
            "--start", Ms(windowStart), "--end", DateTimeOffset.FromUnixTimeMilliseconds(windowStart + Quarter).ToString("O", CultureInfo.InvariantCulture))).RootElement;
        var promise = created.GetProperty("id").GetString()!;

        var tooBig = await RunAsync(ledger, "promise", "create", "--key", supplierKey, "--passport", meter.Passport.Id, "--amount-wh", "5000000", "--start", Ms(windowStart + Quarter), "--end", Ms(windowStart + (2 * Quarter)));
        Assert.Equal(1, tooBig.ExitCode);
        Assert.Contains("refused (AmountOutOfBounds)", tooBig.StandardError, StringComparison.Ordinal);

        var auctionOut = await OkAsync(ledger, "auction", "create", promise, "--key", supplierKey, "--base-price", "100", "--deadline", Ms(windowStart - 60_000), "--json");
        var auction = JsonDocument.Parse(auctionOut).RootElement.GetProperty("id").GetString()!;
        await OkAsync(ledger, "bid", auction, "--key", buyer1Key, "--amount", "150");
        var low = await RunAsync(ledger, "bid", auction, "--key", buyer2Key, "--amount", "150");
        Assert.Equal(1, low.ExitCode);
        Assert.Contains("refused (BidTooLow)", low.StandardError, StringComparison.Ordinal);
        await OkAsync(ledger, "bid", auction, "--key", buyer2Key, "--amount", "175");

        var balance = JsonDocument.Parse(await OkAsync(ledger, "balance", "--key", buyer2Key, "--json")).RootElement;
        Assert.Equal(825, balance.GetProperty("available").GetInt64());
        Assert.Equal(175, balance.GetProperty("held").GetInt64());
        Assert.Contains("available 1000 held 0 escrowed 0 EUR", await OkAsync(ledger, "balance", "--key", buyer1Key), StringComparison.Ordinal);
        Assert.Contains("available 400 held 0 escrowed 600 EUR", await OkAsync(ledger, "balance", "--key", supplierKey), StringComparison.Ordinal);

        var contract = await OkAsync(ledger, "contract", "show", promise, "--key", buyer1Key);
        Assert.Contains("delivers 2000 Wh", contract, StringComparison.Ordinal);
        Assert.Contains("(match)", contract, StringComparison.Ordinal);
        Assert.Contains("(match)", await OkAsync(ledger, "contract", "show", auction, "--key", buyer1Key), StringComparison.Ordinal);
        Assert.Contains(promise, await OkAsync(ledger, "promises", "--json", "--key", buyer1Key), StringComparison.Ordinal);
        var promisesTable = await OkAsync(ledger, "promises", "--key", buyer1Key);
        Assert.Contains("status", promisesTable, StringComparison.Ordinal);
        Assert.Contains(supplierDid, promisesTable, StringComparison.Ordinal);
        Assert.DoesNotContain("\U0001F511", promisesTable, StringComparison.Ordinal);
        Assert.Contains(auction, await OkAsync(ledger, "auctions", "--json", "--key", buyer1Key), StringComparison.Ordinal);
        var auctionsTable = await OkAsync(ledger, "auctions", "--key", buyer1Key);
        Assert.Contains(supplierDid, auctionsTable, StringComparison.Ordinal);
        Assert.Contains(buyer2Did, auctionsTable, StringComparison.Ordinal);

        // At the deadline the ledger ends the auction and settles it; the CLI sees the new owner and balances.
        await ledger.AdvanceAndRunSchedulerAsync(TimeSpan.FromMilliseconds(windowStart - 60_000 - ledger.NowMs + 1000));
        var mine = JsonDocument.Parse(await OkAsync(ledger, "promises", "--mine", "--json", "--key", buyer2Key)).RootElement;
        Assert.Equal(promise, Assert.Single(mine.EnumerateArray()).GetProperty("id").GetString());
        Assert.Contains("available 825 held 0 escrowed 0 EUR", await OkAsync(ledger, "balance", "--key", buyer2Key), StringComparison.Ordinal);
        Assert.Contains("available 575 held 0 escrowed 600 EUR", await OkAsync(ledger, "balance", "--key", supplierKey), StringComparison.Ordinal);
        var late = await RunAsync(ledger, "bid", auction, "--key", buyer1Key, "--amount", "900");
        Assert.Equal(1, late.ExitCode);
        Assert.Contains("refused (", late.StandardError, StringComparison.Ordinal);
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

    private static Task<ProcessResult> RunAsync(MarketTestLedger ledger, params string[] arguments) =>
        ExternalProgram.RunAsync("dotnet", [Executable, .. arguments, "--ledger", ledger.Config.Listen, "--time-ms", Ms(ledger.NowMs)], timeout: TimeSpan.FromSeconds(60));

    private static async Task<string> OkAsync(MarketTestLedger ledger, params string[] arguments)
    {
        var result = await RunAsync(ledger, arguments);
        Assert.True(result.ExitCode == 0, $"dream {string.Join(' ', arguments)}: {result}");
        return result.StandardOutput;
    }
}
