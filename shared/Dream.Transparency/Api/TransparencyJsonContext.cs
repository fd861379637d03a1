using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dream.Transparency.Api;

/// <summary>
/// Source-generated JSON for the log's proof endpoints, shared by the server and offline verifiers so
/// both read and write the same camelCase shape. Missing or null members are errors, not zeros.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(InclusionProofResponse))]
[JsonSerializable(typeof(ConsistencyProofResponse))]
public sealed partial class TransparencyJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The form the server writes: as <see cref="Default"/>, but base64's '+' stays '+' instead of
    /// <c>\u002B</c>, so a person can copy a hash out of the response. (The default encoder escapes it
    /// for HTML embedding, which a JSON API response does not need.)
    /// </summary>
    public static TransparencyJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        NumberHandling = JsonNumberHandling.Strict,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
