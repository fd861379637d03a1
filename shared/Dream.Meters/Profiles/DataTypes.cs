namespace Dream.Meters.Profiles;

public static class DataTypes
{
    /// <summary>Registers a value of <paramref name="type"/> occupies (for ASCII, the declared length).</summary>
    public static int RegisterCount(DataType type, int asciiLength = 0) => type switch
    {
        DataType.SignedShort or DataType.UnsignedShort => 1,
        DataType.SignedInt or DataType.UnsignedInt or DataType.SingleFloat => 2,
        DataType.SignedLong or DataType.UnsignedLong or DataType.DoubleFloat => 4,
        DataType.Ascii => asciiLength,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown data type."),
    };
}
