using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dream.Meters.Profiles;

/// <summary>Enums as kebab-case strings ("float32", "low-first"), numbers refused: the generic converter, so the
/// source-generated contract needs no runtime code generation (Native AOT).</summary>
public sealed class KebabCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
