using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Dream.Contracts.Json;

/// <summary>
/// Reads one JSON object strictly: every field is read exactly once by name, duplicates and unknown
/// fields are refused, numbers must be plain integers. Errors are <see cref="ContractException"/>s that carry the
/// field's path. The one reader of every signed format (contracts, registry, market).
/// </summary>
public sealed class StrictObject
{
    // Every reading passes through here three times (envelope, signature, payload) at thousands a second: the
    // fields go into arrays of their exact size, looked up by a linear scan (a format has at most a few dozen
    // fields, where a dictionary costs more to build than it saves), and values are read from their raw UTF-8,
    // so a number or a base64 text costs no string of its own.
    /// <summary>More fields than any Dream format has (the passport, the largest, has about twenty). The duplicate check is a
    /// scan over the fields read so far: capped, a hostile object cannot make it quadratic in the message size.</summary>
    public const int MaxFields = 64;

    private readonly string[] _names;
    private readonly JsonElement[] _values;
    private readonly bool[] _read;
    private readonly string _path;

    private StrictObject(JsonElement element, string path)
    {
        _path = path;
        var count = element.GetPropertyCount();
        if (count > MaxFields)
        {
            throw new ContractException(ContractError.Oversize, $"{path} has {count} fields; a Dream format has at most {MaxFields}.");
        }

        _names = new string[count];
        _values = new JsonElement[count];
        _read = new bool[count];
        var at = 0;
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (IndexOf(name, at) >= 0)
            {
                throw new ContractException(ContractError.ExtraField, $"{Path(name)} appears more than once.");
            }

            _names[at] = name;
            _values[at++] = property.Value;
        }
    }

    public static StrictObject From(JsonElement element, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ContractException(ContractError.WrongType, $"{path} must be a JSON object, not {Describe(element.ValueKind)}.");
        }

        return new StrictObject(element, path);
    }

    public bool Has(string name) => IndexOf(name, _names.Length) >= 0;

    public string GetString(string name, int maxLength = 256)
    {
        var value = Get(name);
        if (value.ValueKind != JsonValueKind.String)
        {
            throw WrongType(name, "a string", value);
        }

        var text = value.GetString()!;
        if (text.Length > maxLength)
        {
            throw new ContractException(ContractError.Oversize, $"{Path(name)} is {text.Length} characters long; at most {maxLength} are allowed.");
        }

        return text;
    }

    /// <summary>Reads "type" and refuses any other than <paramref name="expected"/> (a version this build does not read).</summary>
    public void RequireType(string expected)
    {
        var type = GetString("type", 64);
        if (type != expected)
        {
            throw new ContractException(ContractError.UnknownVersion, $"{Path("type")} is \"{type}\"; this build reads \"{expected}\".");
        }
    }

    public string GetNonEmptyString(string name, int maxLength)
    {
        var text = GetString(name, maxLength);
        if (text.Length == 0 || text.Any(char.IsControl))
        {
            throw new ContractException(ContractError.InvalidValue, $"{Path(name)} must be non-empty text without control characters.");
        }

        return text;
    }

    public string GetDid(string name)
    {
        var text = GetString(name, maxLength: 128);
        if (!DidKey.TryDecode(text, out _))
        {
            throw new ContractException(ContractError.InvalidValue, $"{Path(name)} is not an Ed25519 did:key.");
        }

        return text;
    }

    /// <summary>A SHA-256 as 64 lowercase hex digits.</summary>
    public string GetHash(string name)
    {
        var text = GetString(name, maxLength: 64);
        if (!Hex.IsSha256(text))
        {
            throw new ContractException(ContractError.InvalidValue, $"{Path(name)} must be 64 lowercase hex digits (a SHA-256).");
        }

        return text;
    }

    public long GetNonNegative(string name)
    {
        var value = GetInt64(name);
        if (value < 0)
        {
            throw new ContractException(ContractError.InvalidValue, $"{Path(name)} must not be negative, not {value}.");
        }

        return value;
    }

    public long GetPositive(string name)
    {
        var value = GetInt64(name);
        if (value <= 0)
        {
            throw new ContractException(ContractError.InvalidValue, $"{Path(name)} must be positive, not {value}.");
        }

        return value;
    }

    public long GetInt64(string name) => ParseInteger(Get(name), name, index: -1);

    public int GetInt32(string name)
    {
        var value = GetInt64(name);
        if (value is < int.MinValue or > int.MaxValue)
        {
            throw new ContractException(ContractError.WrongType, $"{Path(name)} is out of the 32-bit integer range.");
        }

        return (int)value;
    }

    public bool GetBoolean(string name)
    {
        var value = Get(name);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(name, "true or false", value),
        };
    }

    public JsonElement GetArray(string name, int maxItems)
    {
        var value = Get(name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(name, "an array", value);
        }

        if (value.GetArrayLength() > maxItems)
        {
            throw new ContractException(ContractError.Oversize, $"{Path(name)} has {value.GetArrayLength()} items; at most {maxItems} are allowed.");
        }

        return value;
    }

    public JsonElement GetArray(string name, int minItems, int maxItems)
    {
        var value = GetArray(name, maxItems);
        var length = value.GetArrayLength();
        if (length < minItems)
        {
            throw new ContractException(ContractError.InvalidValue, $"{Path(name)} has {length} items; at least {minItems} are needed.");
        }

        return value;
    }

    public IReadOnlyList<long> GetPositiveArray(string name, int minItems, int maxItems)
    {
        var array = GetArray(name, minItems, maxItems);
        var result = new List<long>(array.GetArrayLength());
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var value = ParseInteger(item, name, index);
            if (value <= 0)
            {
                throw new ContractException(ContractError.InvalidValue, $"{ItemPath(name, index)} must be positive, not {value}.");
            }

            index++;
            result.Add(value);
        }

        return result;
    }

    /// <summary>Distinct SHA-256 hashes (64 lowercase hex digits each).</summary>
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
                throw new ContractException(ContractError.InvalidValue, $"{path} must be 64 lowercase hex digits (a SHA-256).");
            }

            var text = item.GetString()!;
            if (result.Contains(text, StringComparer.Ordinal))
            {
                throw new ContractException(ContractError.InvalidValue, $"{path} repeats {text}.");
            }

            result.Add(text);
        }

        return result;
    }

    public byte[] GetBase64(string name, int maxBytes)
    {
        var value = Get(name);
        if (value.ValueKind != JsonValueKind.String)
        {
            throw WrongType(name, "a string", value);
        }

        var maxLength = (maxBytes + 2) / 3 * 4;
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length >= 2 && raw[0] == (byte)'"')
        {
            raw = raw[1..^1];
        }

        // A text with JSON escapes is still a string; canonical base64 has none, so only that case pays for one.
        ReadOnlySpan<byte> text = raw.Contains((byte)'\\') ? Encoding.UTF8.GetBytes(value.GetString()!) : raw;
        if (text.Length > maxLength)
        {
            throw new ContractException(ContractError.Oversize, $"{Path(name)} is {text.Length} characters long; at most {maxLength} are allowed.");
        }

        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        // Lenient decoders ignore white space and the unused bits of the last character: two texts would carry the
        // same bytes, and an envelope whose bytes differ must not verify as the same one.
        if (Base64.DecodeFromUtf8(text, bytes, out _, out var written) != OperationStatus.Done || !IsCanonical(bytes.AsSpan(0, written), text))
        {
            throw new ContractException(ContractError.BadEncoding, IsBase64(value.GetString()!)
                ? $"{Path(name)} is not canonical base64 (padded, no white space, unused bits zero)."
                : $"{Path(name)} is not valid base64.");
        }

        return written == bytes.Length ? bytes : bytes.AsSpan(0, written).ToArray();
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    private static bool IsCanonical(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> text)
    {
        var length = Base64.GetMaxEncodedToUtf8Length(bytes.Length);
        if (length != text.Length)
        {
            return false;
        }

        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Base64.EncodeToUtf8(bytes, rented, out _, out var written);
            return rented.AsSpan(0, written).SequenceEqual(text);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Refuses any field the caller did not read.</summary>
    public void EnsureNoOtherFields()
    {
        for (var at = 0; at < _names.Length; at++)
        {
            if (!_read[at])
            {
                throw new ContractException(ContractError.ExtraField, $"{Path(_names[at])} is not a field of this format.");
            }
        }
    }

    public string Path(string name) => $"{_path}.{name}";

    private JsonElement Get(string name)
    {
        var at = IndexOf(name, _names.Length);
        if (at < 0)
        {
            throw new ContractException(ContractError.MissingField, $"{Path(name)} is missing.");
        }

        _read[at] = true;
        return _values[at];
    }

    private int IndexOf(string name, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (string.Equals(_names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>An element's path for an error message; built only when one is thrown (every reading reads a dozen integers).</summary>
    private string ItemPath(string name, int index) => index < 0 ? Path(name) : $"{Path(name)}[{index}]";

    private long ParseInteger(JsonElement value, string name, int index)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new ContractException(ContractError.WrongType, $"{ItemPath(name, index)} must be an integer, not {Describe(value.ValueKind)}.");
        }

        // Plain integers only: "1.0", "1e3" and "-0" are refused so a number has one spelling.
        var raw = JsonMarshal.GetRawUtf8Value(value);
        var digits = raw.Length > 0 && raw[0] == (byte)'-' ? raw[1..] : raw;
        if (digits.Length == 0 || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9') || (digits.Length > 1 && digits[0] == (byte)'0') || raw.SequenceEqual("-0"u8))
        {
            throw new ContractException(ContractError.WrongType, $"{ItemPath(name, index)} must be a plain integer, not {Encoding.UTF8.GetString(raw)}.");
        }

        if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result))
        {
            throw new ContractException(ContractError.WrongType, $"{ItemPath(name, index)} is out of the 64-bit integer range.");
        }

        return result;
    }

    private ContractException WrongType(string name, string expected, JsonElement actual) =>
        new(ContractError.WrongType, $"{Path(name)} must be {expected}, not {Describe(actual.ValueKind)}.");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
