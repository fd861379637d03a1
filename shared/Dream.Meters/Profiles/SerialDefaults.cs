namespace Dream.Meters.Profiles;

/// <summary>The meter's factory serial settings, used when a meter URI does not say otherwise.</summary>
public sealed record SerialDefaults
{
    public int BaudRate { get; init; } = 9600;

    /// <summary>"N", "E" or "O".</summary>
    public string Parity { get; init; } = "N";

    public int StopBits { get; init; } = 1;

    public byte Unit { get; init; } = 1;
}
