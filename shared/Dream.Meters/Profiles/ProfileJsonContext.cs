using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dream.Meters.Profiles;

/// <summary>The source-generated contract of profile files (see <see cref="ProfileJson"/> for the rules).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(KebabCaseEnumConverter<DataType>), typeof(KebabCaseEnumConverter<WordOrder>), typeof(HexUInt16Converter)])]
[JsonSerializable(typeof(MeterProfile))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;
