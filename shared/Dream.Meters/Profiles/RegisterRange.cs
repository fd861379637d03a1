namespace Dream.Meters.Profiles;

/// <summary>Registers <see cref="From"/> to <see cref="To"/> (inclusive) that the meter answers in any
/// combination, so a read may bridge the unused ones between two quantities.</summary>
public sealed record RegisterRange
{
    public required byte Function { get; init; }

    public required ushort From { get; init; }

    public required ushort To { get; init; }

    public bool Contains(byte function, int from, int toExclusive) =>
        function == Function && from >= From && toExclusive - 1 <= To;
}
