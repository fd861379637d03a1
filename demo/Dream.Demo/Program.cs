using System.CommandLine;
using System.Runtime.InteropServices;
using Dream.Demo;

var scale = new Option<double>("--scale") { Description = "Simulated seconds per real second (240: an hour in 15 s).", DefaultValueFactory = _ => 240 };
var workDir = new Option<string?>("--work-dir") { Description = "Keep every key, config, database and log here (default: a new temp directory)." };
var exitWhenDone = new Option<bool>("--exit-when-done") { Description = "Stop everything after the report instead of running until Ctrl+C." };
var jsonReport = new Option<string?>("--json-report") { Description = "Also write the report as JSON to this file." };
var repo = new Option<string?>("--repo") { Description = "The repository whose built executables to run (default: found above this program)." };
var startHour = new Option<double>("--start-hour") { Description = "Simulated UTC hour of day at which the grid comes up.", DefaultValueFactory = _ => 7 };
var root = new RootCommand("dream-demo: a whole grid day on loopback — broker, ledger, simulated meters, agents, market — on one accelerated clock.")
{
    scale, workDir, exitWhenDone, jsonReport, repo, startHour,
};
root.SetAction(async (parse, ct) =>
{
    var options = new DemoOptions
    {
        Scale = parse.GetValue(scale),
        WorkDirectory = parse.GetValue(workDir),
        ExitWhenDone = parse.GetValue(exitWhenDone),
        JsonReport = parse.GetValue(jsonReport),
        Repository = parse.GetValue(repo),
        StartHour = parse.GetValue(startHour),
    };
    if (options.Scale is < 2 or > 5000)
    {
        await Console.Error.WriteLineAsync("error: --scale must be between 2 and 5000.");
        return 2;
    }

    using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
    {
        c.Cancel = true;
        stop.Cancel();
    });
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c =>
    {
        c.Cancel = true;
        stop.Cancel();
    });
    await using var runner = new DemoRunner(options, Console.Out);
    try
    {
        await runner.RunAsync(stop.Token);
        if (!options.ExitWhenDone)
        {
            Console.WriteLine("The grid keeps running (readings keep flowing). Ctrl+C stops every process.");
            await Task.Delay(Timeout.Infinite, stop.Token);
        }

        return 0;
    }
    catch (OperationCanceledException) when (stop.IsCancellationRequested)
    {
        Console.WriteLine("Stopping every process...");
        return 0;
    }
    catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or HttpRequestException or Dream.Demo.Ledger.LedgerRequestException)
    {
        await Console.Error.WriteLineAsync($"error: {e.Message}");
        await Console.Error.WriteLineAsync($"Logs: {runner.WorkDirectory}");
        return 1;
    }
    finally
    {
        await runner.StopAsync();
        Console.WriteLine($"Stopped. Everything of the day is in {runner.WorkDirectory}");
    }
});
return await root.Parse(args).InvokeAsync();
