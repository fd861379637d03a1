using System.Globalization;
using System.Text.Json;

namespace Dream.Contracts.Json;

/// <summary>
/// Reads one JSON object strictly: every field is read exactly once by name, duplicates and unknown
/// fields are refused, numbers must be plain integers. Errors carry the field's path.
/// </summary>
internal sealed class StrictObject
{
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly string _path;

    private StrictObject(JsonElement element, string path)
    {
        _path = path;
        foreach (var property in element.EnumerateObject())
        {
            if (!_fields.TryAdd(property.Name, property.Value))
            {
                throw new ContractException(ContractError.ExtraField, $"{Path(property.Name)} appears more than once.");
            }
        }
    }

    public static StrictObject From(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ContractException(ContractError.WrongType, $"{path} must be a JSON object, not {Describe(element.ValueKind)}.");
        }

        return new StrictObject(element, path);
    }

    public bool Has(string name) => _fields.ContainsKey(name);

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

    public long GetInt64(string name)
    {
        var value = Get(name);
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw WrongType(name, "an integer", value);
        }

        // Plain integers only: "1.0", "1e3" and "-0" are refused so a number has one spelling.
        var raw = value.GetRawText();
        var digits = raw.StartsWith('-') ? raw.AsSpan(1) : raw.AsSpan();
        if (digits.Length == 0 || digits.ContainsAnyExceptInRange('0', '9') || raw == "-0" || (digits.Length > 1 && digits[0] == '0'))
        {
            throw new ContractException(ContractError.WrongType, $"{Path(name)} must be a plain integer, not {raw}.");
        }

        if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result))
        {
            throw new ContractException(ContractError.WrongType, $"{Path(name)} is out of the 64-bit integer range.");
        }

        return result;
    }

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

    public byte[] GetBase64(string name, int maxBytes)
    {
        var text = GetString(name, maxLength: (maxBytes + 2) / 3 * 4);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw new ContractException(ContractError.BadEncoding, $"{Path(name)} is not valid base64.", e);
        }

        // The decoder ignores white space and the unused bits of the last character: two texts would carry the
        // same bytes, and an envelope whose bytes differ must not verify as the same one.
        if (!string.Equals(Convert.ToBase64String(bytes), text, StringComparison.Ordinal))
        {
            throw new ContractException(ContractError.BadEncoding, $"{Path(name)} is not canonical base64 (padded, no white space, unused bits zero).");
        }

        return bytes;
    }

    /// <summary>Refuses any field the caller did not read.</summary>
    public void EnsureNoOtherFields()
    {
        foreach (var name in _fields.Keys)
        {
            if (!_read.Contains(name))
            {
                throw new ContractException(ContractError.ExtraField, $"{Path(name)} is not a field of this format.");
            }
        }
    }

    public string Path(string name) => $"{_path}.{name}";

    private JsonElement Get(string name)
    {
        if (!_fields.TryGetValue(name, out var value))
        {
            throw new ContractException(ContractError.MissingField, $"{Path(name)} is missing.");
        }

        _read.Add(name);
        return value;
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
