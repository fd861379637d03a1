using System.Text.RegularExpressions;

namespace Dream.Agent.Tests;

/// <summary>dream-agent simulate-meter in the background, and where it serves.</summary>
public sealed partial class Simulator : IDisposable
{
    private readonly AgentProcess _process;

    private Simulator(AgentProcess process, string where)
    {
        _process = process;
        Where = where;
    }

    /// <summary>"127.0.0.1:PORT" or the pseudo-terminal path.</summary>
    public string Where { get; }

    public static async Task<Simulator> StartAsync(params string[] arguments)
    {
        var process = new AgentProcess(["simulate-meter", .. arguments]);
        try
        {
            var line = await process.NextLineAsync();
            var match = ServingOn().Match(line);
            Assert.True(match.Success, line);
            return new Simulator(process, match.Groups[1].Value);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public void Dispose() => _process.Dispose();

    [GeneratedRegex(@"^Serving .* on (\S+) ")]
    private static partial Regex ServingOn();
}
