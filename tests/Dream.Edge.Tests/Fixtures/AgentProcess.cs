using Dream.Testing;

namespace Dream.Edge.Tests.Fixtures;

/// <summary>The real dream-agent executable (built beside this test project) as a child process.</summary>
public static class AgentProcess
{
    public static string Executable { get; } = RepositoryRoot.BuildOutput("edge-agent/Dream.Agent", "dream-agent");

    public static RunningProgram Start(params string[] arguments) => RunningProgram.Start(Executable, arguments);
}
