using System.Diagnostics;
using Dream.Processes;

namespace Dream.Testing;

/// <summary>
/// Runs a command (openssl, mosquitto_pub, mbpoll, python, a repository executable) to completion, with a timeout.
/// Programs that keep running beside a test are a <see cref="RunningProgram"/>.
/// </summary>
public static class ExternalProgram
{
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? standardInput = null,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var info = ProgramStart.Info(fileName, arguments, environment, redirectInput: standardInput is not null);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
            process.StandardInput.Close();
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            var printed = new ProcessResult(-1, await stdout, await stderr);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds:0} s; it printed:\n{printed}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
