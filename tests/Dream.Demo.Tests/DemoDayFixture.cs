using System.Text.Json;

namespace Dream.Demo.Tests;

/// <summary>
/// Runs one whole demo day (the README's main command) at high acceleration with <c>--exit-when-done
/// --json-report</c>, once for all the tests of the class; the tests read its report and its ledger.
/// </summary>
public sealed class DemoDayFixture : IAsyncLifetime, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public JsonElement Report { get; private set; }

    public string Output { get; private set; } = string.Empty;

    public string WorkDirectory => Path.Combine(_directory.Path, "work");

    public string ReportFile => Path.Combine(_directory.Path, "report.json");

    public async Task InitializeAsync()
    {
        var reportFile = ReportFile;
        var run = await ExternalProgram.RunAsync("dotnet", [Repository.DemoDll, "--scale", "720", "--exit-when-done", "--json-report", reportFile, "--work-dir", WorkDirectory],
            timeout: TimeSpan.FromSeconds(240));
        Output = run.StandardOutput + run.StandardError;
        if (run.ExitCode != 0 || !File.Exists(reportFile))
        {
            // The work directory goes with the fixture: the ledger's own log travels in the failure message.
            var ledgerLog = Path.Combine(WorkDirectory, "ledger", "ledger.log");
            var tail = File.Exists(ledgerLog) ? string.Join('\n', File.ReadLines(ledgerLog).TakeLast(60)) : "(no ledger.log)";
            throw new InvalidOperationException($"dream-demo exited with {run.ExitCode}:\n{Output}\nlast lines of ledger.log:\n{tail}");
        }

        Report = JsonDocument.Parse(await File.ReadAllBytesAsync(reportFile)).RootElement.Clone();
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _directory.Dispose();
}
