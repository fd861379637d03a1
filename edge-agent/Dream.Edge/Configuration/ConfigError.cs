namespace Dream.Edge.Configuration;

/// <summary>One configuration problem: where (a JSON path such as <c>meters[0].uri</c>) and what.</summary>
public sealed record ConfigError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
