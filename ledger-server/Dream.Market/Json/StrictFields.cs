using System.Globalization;
using System.Text;
using System.Text.Json;
using Dream.Contracts;
using Dream.Crypto;

namespace Dream.Market.Json;

/// <summary>
/// Reads one JSON object strictly: each field read once by name, no duplicates, no unknown fields,
/// plain integers only. Every error names the field's path. (Dream.Contracts keeps its equivalent internal.)
/// </summary>
internal sealed class StrictFields
{
    private static readonly JsonDocumentOptions s_options = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 4,
    };

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly string _path;

    private StrictFields(JsonElement element, string path)
    {
        _path = path;
        foreach (var property in element.EnumerateObject())
        {
            if (!_fields.TryAdd(property.Name, property.Value))
            {
                throw new MarketException(MarketError.ExtraField, $"{Path(property.Name)} appears more than once.");
            }
        }
    }

    public static JsonDocument ParseDocument(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            _ = s_strictUtf8.GetCharCount(utf8.Span);
        }
        catch (DecoderFallbackException e)
        {
            throw new MarketException(MarketError.BadEncoding, "The payload is not valid UTF-8.", e);
        }

        try
        {
            return JsonDocument.Parse(utf8, s_options);
        }
        catch (JsonException e)
        {
            throw new MarketException(MarketError.BadEncoding, $"The payload is not valid JSON: {e.Message}", e);
        }
    }

    public static StrictFields From(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new MarketException(MarketError.WrongType, $"{path} must be a JSON object.");
        }

        return new StrictFields(element, path);
    }

    public string GetString(string name, int maxLength = 256)
    {
        var value = Get(name);
        if (value.ValueKind != JsonValueKind.String)
        {
            throw WrongType(name, "a string");
        }

        var text = value.GetString()!;
        if (text.Length > maxLength)
        {
            throw new MarketException(MarketError.Oversize, $"{Path(name)} is {text.Length} characters long; at most {maxLength} are allowed.");
        }

        return text;
    }

    public string GetNonEmptyString(string name, int maxLength)
    {
        var text = GetString(name, maxLength);
        if (text.Length == 0 || text.Any(char.IsControl))
        {
            throw new MarketException(MarketError.InvalidValue, $"{Path(name)} must be non-empty text without control characters.");
        }

        return text;
    }

    public string GetDid(string name)
    {
        var text = GetString(name, maxLength: 128);
        if (!DidKey.TryDecode(text, out _))
        {
            throw new MarketException(MarketError.InvalidValue, $"{Path(name)} is not an Ed25519 did:key.");
        }

        return text;
    }

    public string GetHash(string name)
    {
        var text = GetString(name, maxLength: 64);
        if (!Hex.IsSha256(text))
        {
            throw new MarketException(MarketError.InvalidValue, $"{Path(name)} must be 64 lowercase hex digits (a SHA-256).");
        }

        return text;
    }

    public long GetInt64(string name) => ParseInteger(Get(name), Path(name));

    public long GetNonNegative(string name)
    {
        var value = GetInt64(name);
        if (value < 0)
        {
            throw new MarketException(MarketError.InvalidValue, $"{Path(name)} must not be negative, not {value}.");
        }

        return value;
    }

    public long GetPositive(string name)
    {
        var value = GetInt64(name);
        if (value <= 0)
        {
            throw new MarketException(MarketError.InvalidValue, $"{Path(name)} must be positive, not {value}.");
        }

        return value;
    }

    public bool GetBoolean(string name)
    {
        var value = Get(name);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(name, "true or false"),
        };
    }

    public IReadOnlyList<long> GetPositiveArray(string name, int minItems, int maxItems)
    {
        var array = GetArray(name, minItems, maxItems);
        var result = new List<long>(array.GetArrayLength());
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"{Path(name)}[{index++}]";
            var value = ParseInteger(item, path);
            if (value <= 0)
            {
                throw new MarketException(MarketError.InvalidValue, $"{path} must be positive, not {value}.");
            }

            result.Add(value);
        }

        return result;
    }

    public IReadOnlyList<string> GetHashArray(string name, int minItems, int maxItems)
    {
        var array = GetArray(name, minItems, maxItems);
        var result = new List<string>(array.GetArrayLength());
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"{Path(name)}[{index++}]";
            if (item.ValueKind != JsonValueKind.String || !Hex.IsSha256(item.GetString()))
            {
                throw new MarketException(MarketError.InvalidValue, $"{path} must be 64 lowercase hex digits (a SHA-256).");
            }

            var text = item.GetString()!;
            if (result.Contains(text, StringComparer.Ordinal))
            {
                throw new MarketException(MarketError.InvalidValue, $"{path} repeats {text}.");
            }

            result.Add(text);
        }

        return result;
    }

    /// <summary>Refuses any field the reader did not ask for.</summary>
    public void EnsureNoOtherFields()
    {
        foreach (var name in _fields.Keys)
        {
            if (!_read.Contains(name))
            {
                throw new MarketException(MarketError.ExtraField, $"{Path(name)} is not a field of this format.");
            }
        }
    }

    public string Path(string name) => $"{_path}.{name}";

    private JsonElement GetArray(string name, int minItems, int maxItems)
    {
        var value = Get(name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(name, "an array");
        }

        var length = value.GetArrayLength();
        if (length > maxItems)
        {
            throw new MarketException(MarketError.Oversize, $"{Path(name)} has {length} items; at most {maxItems} are allowed.");
        }

        if (length < minItems)
        {
            throw new MarketException(MarketError.InvalidValue, $"{Path(name)} has {length} items; at least {minItems} are needed.");
        }

        return value;
    }

    private static long ParseInteger(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new MarketException(MarketError.WrongType, $"{path} must be an integer.");
        }

        // Plain integers only: "1.0", "1e3" and "-0" are refused so that a number has one spelling.
        var raw = value.GetRawText();
        var digits = raw.StartsWith('-') ? raw.AsSpan(1) : raw.AsSpan();
        if (digits.Length == 0 || digits.ContainsAnyExceptInRange('0', '9') || raw == "-0" || (digits.Length > 1 && digits[0] == '0'))
        {
            throw new MarketException(MarketError.WrongType, $"{path} must be a plain integer, not {raw}.");
        }

        if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result))
        {
            throw new MarketException(MarketError.WrongType, $"{path} is out of the 64-bit integer range.");
        }

        return result;
    }

    private JsonElement Get(string name)
    {
        if (!_fields.TryGetValue(name, out var value))
        {
            throw new MarketException(MarketError.MissingField, $"{Path(name)} is missing.");
        }

        _read.Add(name);
        return value;
    }

    private MarketException WrongType(string name, string expected) =>
        new(MarketError.WrongType, $"{Path(name)} must be {expected}.");
}
