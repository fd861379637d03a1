namespace Dream.Meters.Profiles;

/// <summary>The meter's factory serial settings, used when a meter URI does not say otherwise.</summary>
public sealed record SerialDefaults
{
    public int BaudRate { get; set; } = 9600;

    /// <summary>"N", "E" or "O".</summary>
    public string Parity { get; set; } = "N";

    public int StopBits { get; set; } = 1;

    public byte Unit { get; set; } = 1;
}
