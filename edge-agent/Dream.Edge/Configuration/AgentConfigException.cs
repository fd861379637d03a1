namespace Dream.Edge.Configuration;

/// <summary>The configuration is unusable; <see cref="Errors"/> lists every problem with its JSON path.</summary>
public sealed class AgentConfigException : Exception
{
    public AgentConfigException()
        : this([])
    {
    }

    public AgentConfigException(string message)
        : this([new ConfigError("$", message)])
    {
    }

    public AgentConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new ConfigError("$", message)];
    }

    public AgentConfigException(IReadOnlyList<ConfigError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<ConfigError> Errors { get; }

    private static string Describe(IReadOnlyList<ConfigError> errors) =>
        errors.Count == 0 ? "The configuration is invalid." : "The configuration is invalid:" + string.Concat(errors.Select(e => $"\n  {e}"));
}
