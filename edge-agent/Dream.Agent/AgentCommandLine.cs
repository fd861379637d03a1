using Dream.Agent.Commands;

namespace Dream.Agent;

/// <summary>The dream-agent command tree. A command is one class in Commands/ implementing
/// <see cref="IAgentCommand"/>, listed here.</summary>
internal static class AgentCommandLine
{
    private static readonly IAgentCommand[] Commands =
    [
        new ProfilesCommand(),
        new ScanCommand(),
        new ReadCommand(),
        new SimulateMeterCommand(),
        new RunCommand(),
        new InitCommand(),
        new IdCommand(),
        new PairCommand(),
        new StatusCommand(),
        new OutboxCommand(),
    ];

    public static RootCommand Build()
    {
        var root = new RootCommand("Dream edge agent: reads electricity meters, signs interval readings and sends them to the ledger.");
        foreach (var command in Commands)
        {
            root.Subcommands.Add(command.Create());
        }

        return root;
    }
}
