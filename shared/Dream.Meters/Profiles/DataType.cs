using System.Text.Json.Serialization;

namespace Dream.Meters.Profiles;

/// <summary>How a value is laid out in 16-bit registers. Bytes within a register are always big-endian (Modbus).</summary>
public enum DataType
{
    [JsonStringEnumMemberName("int16")]
    SignedShort,

    [JsonStringEnumMemberName("uint16")]
    UnsignedShort,

    [JsonStringEnumMemberName("int32")]
    SignedInt,

    [JsonStringEnumMemberName("uint32")]
    UnsignedInt,

    [JsonStringEnumMemberName("int64")]
    SignedLong,

    [JsonStringEnumMemberName("uint64")]
    UnsignedLong,

    [JsonStringEnumMemberName("float32")]
    SingleFloat,

    [JsonStringEnumMemberName("float64")]
    DoubleFloat,

    /// <summary>Two ASCII characters per register, high byte first; for identification and serial numbers.</summary>
    [JsonStringEnumMemberName("ascii")]
    Ascii,
}
