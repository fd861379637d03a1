namespace Dream.Meters.Profiles;

/// <summary>Where a value that is not a measurement lives, such as the serial number.</summary>
public sealed record RegisterLocation
{
    public required byte Function { get; init; }

    public required ushort Address { get; init; }

    public required DataType Type { get; init; }

    public WordOrder WordOrder { get; set; } = WordOrder.HighFirst;

    public int Length { get; init; }

    public int RegisterCount => DataTypes.RegisterCount(Type, Length);
}
