using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dream.Meters.Profiles;

/// <summary>The source-generated contract of profile files (see <see cref="ProfileJson"/> for the rules). Properties
/// with a default are <c>set</c>, not <c>init</c>: generated code assigns every init-only property, so a key left
/// out would read as 0 instead of its default (dotnet/runtime#84484).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(KebabCaseEnumConverter<DataType>), typeof(KebabCaseEnumConverter<WordOrder>), typeof(HexUInt16Converter)])]
[JsonSerializable(typeof(MeterProfile))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;
