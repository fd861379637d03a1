using System.Text;
using System.Text.Json;

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

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, string what, ContractError errorForInvalidJson)
    {
        try
        {
            // System.Text.Json replaces nothing but also does not report every invalid UTF-8 sequence in strings: check first.
            _ = s_strictUtf8.GetCharCount(utf8.Span);
        }
        catch (DecoderFallbackException e)
        {
            throw new ContractException(ContractError.BadEncoding, $"{what} is not valid UTF-8.", e);
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
