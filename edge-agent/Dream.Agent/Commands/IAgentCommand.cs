namespace Dream.Agent.Commands;

/// <summary>Builds one subcommand of dream-agent, its options and its action.</summary>
internal interface IAgentCommand
{
    Command Create();
}
