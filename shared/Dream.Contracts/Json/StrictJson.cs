using System.Text.Json;
using System.Text.Unicode;

namespace Dream.Contracts.Json;

/// <summary>Parses bytes as one JSON document, turning every failure into a typed <see cref="ContractException"/>.</summary>
internal static class StrictJson
{
    private static readonly JsonDocumentOptions s_options = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 8,
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
}
