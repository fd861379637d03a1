using Dream.Contracts;

namespace Dream.Dashboard.Tests;

/// <summary>
/// One real ledger (SQLite, Mosquitto, Kestrel on loopback) with two approved meters that sent signed
/// readings with varying import and export, and Debian's chromium driven by Playwright.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const int ReadingsPerDevice = 12;

    public TestLedger Ledger { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Per device, the signed readings in chain order.</summary>
    public List<(TestAgent Agent, List<SignedReading> Readings)> Devices { get; } = [];

    public string DashboardUrl => Dream.Ledger.Server.Dashboard.DashboardEndpoints.Url(Ledger.Config, Ledger.Server.AdminToken);

    public static string ScreenshotDirectory { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "screenshots"));

    public async Task InitializeAsync()
    {
        Ledger = await TestLedger.StartAsync();
        for (var d = 0; d < 2; d++)
        {
            var agent = await Ledger.AddApprovedAgentAsync();
            var readings = SignedChain(agent, d);
            await agent.PublishAsync([.. readings]);
            await agent.WaitForReceiptAsync(readings[^1].Reading.Sequence);
            Devices.Add((agent, readings));
        }

        await Ledger.Server.Checkpoints.SignIfGrownAsync();

        // Never download a browser: Playwright's bundled node driver drives the system chromium.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Timeout = 60_000,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A PV prosumer's day in miniature: import at night, export at midday, both registers rising.</summary>
    private static List<SignedReading> SignedChain(TestAgent agent, int profile)
    {
        var readings = new List<SignedReading>();
        var previous = IntervalReading.GenesisHash;
        long import = agent.ImportWh, export = 0; // the pairing registers of the agent's passport
        var start = agent.NextStartMs;
        for (var i = 0; i < ReadingsPerDevice; i++)
        {
            var deltaImport = ImportOf(profile, i);
            var deltaExport = ExportOf(profile, i);
            import += deltaImport;
            export += deltaExport;
            var reading = agent.Draft(sequence: i + 1, previous: previous, importWh: import, startMs: start + (i * TestAgent.Interval)) with
            {
                ExportWh = export,
                DeltaImportWh = deltaImport,
                DeltaExportWh = deltaExport,
            };
            var signed = SignedReading.Create(reading, agent.Key);
            previous = signed.Hash;
            readings.Add(signed);
        }

        return readings;
    }

    public static long ImportOf(int profile, int i) => profile == 0 ? (i is >= 4 and < 8 ? 0 : 20 + (i * 5)) : 100 + (i * 10);

    public static long ExportOf(int profile, int i) => profile == 0 && i is >= 4 and < 8 ? 50 + (i * 15) : 0;

    public async Task<IPage> OpenAsync(string? url = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(url ?? DashboardUrl);
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        if (Ledger is not null)
        {
            await Ledger.DisposeAsync();
        }
    }
}
