namespace Dream.Demo;

internal sealed record DemoOptions
{
    /// <summary>Simulated seconds per real second.</summary>
    public double Scale { get; init; } = 240;

    public string? WorkDirectory { get; init; }

    public bool ExitWhenDone { get; init; }

    public string? JsonReport { get; init; }

    public string? Repository { get; init; }

    /// <summary>The simulated time of day (UTC hours) at which the grid comes up.</summary>
    public double StartHour { get; init; } = 7;
}
