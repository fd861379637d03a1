using System.Text.Unicode;

namespace Dream.Contracts.Json;

/// <summary>
/// Parses bytes as one JSON document, turning every failure into a typed <see cref="ContractException"/>. The one
/// parser of every signed format (contracts, registry, market); read its objects with <see cref="StrictObject"/>.
/// </summary>
public static class StrictJson
{
    /// <summary>The deepest nesting any Dream format has, with room: an envelope in a batch holds a passport's objects.</summary>
    public const int MaxDepth = 8;

    private static readonly JsonDocumentOptions s_options = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = MaxDepth,
    };

    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, string what, ContractError errorForInvalidJson)
    {
        // System.Text.Json replaces nothing but also does not report every invalid UTF-8 sequence in strings: check first.
        if (!Utf8.IsValid(utf8.Span))
        {
            throw new ContractException(ContractError.BadEncoding, $"{what} is not valid UTF-8.");
        }

        try
        {
            return JsonDocument.Parse(utf8, s_options);
        }
        catch (JsonException e)
        {
            throw new ContractException(errorForInvalidJson, $"{what} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>The string "type" member of a payload object; null when the payload is no such object.</summary>
    public static string? PeekType(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8, s_options);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
