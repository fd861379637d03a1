namespace Dream.Cli;

/// <summary>A failure to tell the user in one line: <see cref="Rule"/> names the broken rule when the ledger refused.</summary>
public sealed class CliException : Exception
{
    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CliException(string rule, string message)
        : base(message)
    {
        Rule = rule;
    }

    public string? Rule { get; }
}
