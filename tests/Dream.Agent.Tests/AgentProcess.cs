namespace Dream.Agent.Tests;

/// <summary>dream-agent run as a separate process (dotnet dream-agent.dll), as a technician would, plain text at 200 columns.</summary>
public static class AgentProcess
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private static readonly Dictionary<string, string> s_environment = new() { ["NO_COLOR"] = "1", ["COLUMNS"] = "200" };

    public static string DllPath { get; } = FindDll();

    public static async Task<(int Code, string Out, string Error)> RunAsync(params string[] arguments)
    {
        var result = await ExternalProgram.RunAsync("dotnet", [DllPath, .. arguments], timeout: Limit, environment: s_environment);
        return (result.ExitCode, result.StandardOutput, result.StandardError);
    }

    /// <summary>A command that keeps running (simulate-meter, read --watch); read its lines with <see cref="RunningProgram.NextStandardOutputLineAsync"/>.</summary>
    public static RunningProgram Start(params string[] arguments) => RunningProgram.Start("dotnet", [DllPath, .. arguments], s_environment);

    private static string FindDll()
    {
        var path = RepositoryRoot.BuildOutput("edge-agent/Dream.Agent", "dream-agent.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build edge-agent/Dream.Agent first.", path);
    }
}
