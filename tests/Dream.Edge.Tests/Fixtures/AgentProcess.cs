namespace Dream.Edge.Tests.Fixtures;

/// <summary>The real dream-agent executable (built beside this test project) as a child process.</summary>
public static class AgentProcess
{
    public static string Executable { get; } = RepositoryRoot.BuildOutput("edge-agent/Dream.Agent", "dream-agent");

    public static RunningProgram Start(params string[] arguments) => RunningProgram.Start(Executable, arguments);

    /// <summary>Runs <c>dream-agent init</c> on <paramref name="dataDirectory"/> and requires it to succeed.</summary>
    public static async Task InitAsync(string dataDirectory)
    {
        var init = await ExternalProgram.RunAsync(Executable, ["init", "--data-dir", dataDirectory], timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(0, init.ExitCode);
    }

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds; gives up when <paramref name="agent"/> exits or after
    /// <paramref name="timeout"/>, saying what the ledger holds and what the agent and the broker logged.
    /// </summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, RunningProgram agent, FakeLedger ledger, MosquittoProcess broker, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (!condition())
        {
            if (limit.IsCancellationRequested || agent.HasExited)
            {
                throw new TimeoutException($"Gave up waiting for {what} (ledger through {ledger.Through}, problems: {string.Join("; ", ledger.Problems)}).\nAgent output:\n{agent.Output}\nBroker:\n{broker.Log}");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }
}
