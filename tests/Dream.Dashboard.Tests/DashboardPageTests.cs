namespace Dream.Dashboard.Tests;

/// <summary>The dashboard in headless Debian chromium against a real ledger: pages, charts, proofs, screenshots.</summary>
[Collection(DashboardTestGroup.Name)]
public sealed class DashboardPageTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Overview_shows_the_signed_checkpoint_and_the_newest_entries()
    {
        var page = await fixture.OpenAsync();
        var errors = CollectErrors(page);
        var latest = fixture.Ledger.Server.Checkpoints.Latest!;
        var size = latest.Size;

        await Assertions.Expect(page.Locator("#checkpoint-origin")).ToHaveTextAsync("ledger.test/dream");
        await Assertions.Expect(page.Locator("#checkpoint-size")).ToHaveTextAsync(size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#checkpoint-root")).ToHaveTextAsync(latest.Root.ToBase64());
        var signature = await page.Locator(".signature-line").First.TextContentAsync();
        Assert.StartsWith("\u2014 ledger.test/dream ", signature, StringComparison.Ordinal);
        Assert.Contains(signature!, latest.Note, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#checkpoint-check")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^✔ signature valid"));

        // the newest entry first: the last reading of the second device
        var first = page.Locator("#entries-table tbody tr").First;
        await Assertions.Expect(first.Locator("td").First).ToHaveTextAsync((size - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(first).ToContainTextAsync("reading");
        await Assertions.Expect(page.Locator("#counters")).ToContainTextAsync($"{2 * DashboardFixture.ReadingsPerDevice}readings");

        // the token left the address bar once the page took it
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        await DashboardFixture.ScreenshotAsync(page, "overview");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Energy_charts_draw_every_signed_interval_of_each_device()
    {
        var page = await fixture.OpenAsync();
        var errors = CollectErrors(page);
        await page.ClickAsync("#tabs button[data-view=energy]");
        await Assertions.Expect(page.Locator("#devices-table tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".chart-card")).ToHaveCountAsync(2);

        for (var d = 0; d < fixture.Devices.Count; d++)
        {
            var card = page.Locator($".chart-card[data-device='{fixture.Devices[d].Agent.Device}']");
            await Assertions.Expect(card.Locator("g.interval")).ToHaveCountAsync(DashboardFixture.ReadingsPerDevice);
            var imports = await card.Locator("rect.bar.import").EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('data-wh'))");
            var exports = await card.Locator("rect.bar.export").EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('data-wh'))");
            var expectedImports = Enumerable.Range(0, DashboardFixture.ReadingsPerDevice).Select(i => DashboardFixture.ImportOf(d, i).ToString(System.Globalization.CultureInfo.InvariantCulture));
            var expectedExports = Enumerable.Range(0, DashboardFixture.ReadingsPerDevice).Select(i => DashboardFixture.ExportOf(d, i).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(expectedImports, imports);
            Assert.Equal(expectedExports, exports);

            // drawn, not just present: a bar's height is its energy on the chart's scale, nonzero where energy flowed
            var heights = await card.Locator("rect.bar.import").EvaluateAllAsync<double[]>("els => els.map(e => e.getBBox().height)");
            for (var i = 0; i < heights.Length; i++)
            {
                Assert.Equal(DashboardFixture.ImportOf(d, i) > 0, heights[i] > 0.5);
            }
        }

        var exportHeights = await page.Locator($".chart-card[data-device='{fixture.Devices[0].Agent.Device}'] rect.bar.export").EvaluateAllAsync<double[]>("els => els.map(e => e.getBBox().height)");
        Assert.Equal(4, exportHeights.Count(h => h > 0.5));
        Assert.True(exportHeights[7] > exportHeights[4], "a larger export draws a taller bar");
        await DashboardFixture.ScreenshotAsync(page, "energy");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_reading_is_proved_in_the_browser_and_a_tampered_one_fails()
    {
        var page = await fixture.OpenAsync();
        var errors = CollectErrors(page);
        var (agent, readings) = fixture.Devices[0];
        var logIndex = fixture.Ledger.Server.Store.FindReading(agent.Device, 5)!.LogIndex;

        // from the chart: clicking a bar proves that reading
        await page.ClickAsync("#tabs button[data-view=energy]");
        await page.Locator($".chart-card[data-device='{agent.Device}'] g.interval[data-seq='5'] rect.hit").ClickAsync();
        await Assertions.Expect(page.Locator("#prove-verdict")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^verified: entry #" + logIndex + " "));
        await Assertions.Expect(page.Locator("#prove-steps li.bad")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#prove-steps li.skip")).ToHaveCountAsync(0); // chromium checks Ed25519 itself
        await Assertions.Expect(page.Locator("#prove-steps")).ToContainTextAsync("Checkpoint signature (Ed25519) over the checkpoint text");
        await Assertions.Expect(page.Locator("#prove-steps")).ToContainTextAsync("equals the checkpoint's root");
        await Assertions.Expect(page.Locator("#prove-entry")).ToContainTextAsync($"\"seq\": 5");
        Assert.Equal(5, readings[4].Reading.Sequence);
        await DashboardFixture.ScreenshotAsync(page, "prove-verified");

        // the same entry with one bit flipped: the leaf and the root no longer match
        await page.CheckAsync("#prove-tamper");
        await page.ClickAsync("#prove-form button[type=submit]");
        await Assertions.Expect(page.Locator("#prove-verdict")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^failed: "));
        await Assertions.Expect(page.Locator("#prove-steps li.bad")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#prove-verdict")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bbad\\b"));
        await DashboardFixture.ScreenshotAsync(page, "prove-tampered");

        // a registry entry proves too (entry 1: the first approved passport), typed in by hand
        await page.UncheckAsync("#prove-tamper");
        await page.FillAsync("#prove-index", "1");
        await page.ClickAsync("#prove-form button[type=submit]");
        await Assertions.Expect(page.Locator("#prove-verdict")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^verified: entry #1 "));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Market_sections_show_the_market_api_or_say_it_is_not_available_yet()
    {
        using var admin = new HttpClient { BaseAddress = new Uri(fixture.Ledger.Config.AdminListen + "/") };
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fixture.Ledger.Server.AdminToken);
        var page = await fixture.OpenAsync();
        var errors = CollectErrors(page, missingIsExpected: true);
        await page.ClickAsync("#tabs button[data-view=market]");
        foreach (var (path, title) in new[] { ("auctions", "Auctions"), ("promises", "Promises"), ("settlements", "Settlements"), ("tariff", "Tariff") })
        {
            using var response = await admin.GetAsync($"dashboard/api/market/{path}");
            var section = page.Locator($"#market-{path}");
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // the route is missing ("not available yet"), or the API says why there is nothing (no tariff yet)
                var body = await response.Content.ReadAsStringAsync();
                var message = body.Length == 0 ? null : System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("message").GetString();
                await Assertions.Expect(section).ToHaveTextAsync(message ?? $"{title}: not available yet");
            }
            else
            {
                Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                await Assertions.Expect(section.Locator("table, dl, p.muted")).Not.ToHaveCountAsync(0);
                await Assertions.Expect(section).Not.ToContainTextAsync("not available yet");
            }
        }

        await DashboardFixture.ScreenshotAsync(page, "market");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Without_the_token_the_page_asks_for_it_and_a_wrong_one_is_refused()
    {
        var page = await fixture.OpenAsync(fixture.Ledger.Config.AdminListen + "/dashboard/");
        await Assertions.Expect(page.Locator("#login")).ToBeVisibleAsync();
        await page.FillAsync("#login-token", "not-the-token");
        await page.ClickAsync("#login-form button");
        await Assertions.Expect(page.Locator("#login-error")).ToContainTextAsync("refused");
        await page.FillAsync("#login-token", fixture.Ledger.Server.AdminToken);
        await page.ClickAsync("#login-form button");
        await Assertions.Expect(page.Locator("#checkpoint-origin")).ToHaveTextAsync("ledger.test/dream");
        await Assertions.Expect(page.Locator("#login")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_admin_listeners_root_leads_to_the_dashboard_with_the_token()
    {
        var page = await fixture.OpenAsync($"{fixture.Ledger.Config.AdminListen}/#token={fixture.Ledger.Server.AdminToken}");
        await Assertions.Expect(page.Locator("#checkpoint-origin")).ToHaveTextAsync("ledger.test/dream");
        Assert.EndsWith("/dashboard/", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_refreshes_itself_and_shows_new_readings()
    {
        var page = await fixture.OpenAsync();
        await Assertions.Expect(page.Locator("#checkpoint-origin")).ToHaveTextAsync("ledger.test/dream");
        var before = int.Parse(await page.Locator("body").GetAttributeAsync("data-refreshes") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator("body")).Not.ToHaveAttributeAsync("data-refreshes", before.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 20_000 });
    }

    /// <summary>Script errors and failed loads (CSP violations among them); a 404 is expected where a section's API is missing.</summary>
    private static List<string> CollectErrors(IPage page, bool missingIsExpected = false)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !(missingIsExpected && message.Text.Contains("status of 404", StringComparison.Ordinal)))
            {
                errors.Add($"{message.Text} at {message.Location}");
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }
}
