namespace Dream.Agent.Commands;

/// <summary>One profile as <c>dream-agent profiles --json</c> prints it.</summary>
internal sealed record ProfileListing(
    string Id,
    string Manufacturer,
    string Model,
    int Phases,
    long MaxPowerW,
    bool Sunspec,
    string Serial,
    string[] Quantities,
    string? File);
