using System.Text;
using System.Text.Json;
using Dream.Contracts;

namespace Dream.Ledger.Registry;

/// <summary>
/// Strict reading of the ledger's own payloads with <see cref="JsonDocument"/>: an object whose members are
/// exactly the listed ones, each once, of the right type. Failures are <see cref="ContractException"/>s,
/// like the formats in Dream.Contracts.
/// </summary>
internal sealed class PayloadReader : IDisposable
{
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 4 };
    private static readonly UTF8Encoding s_strictUtf8 = new(false, true);
    private readonly JsonDocument _document;
    private readonly string _path;
    private readonly HashSet<string> _seen = [];

    private PayloadReader(JsonDocument document, string path)
    {
        _document = document;
        _path = path;
    }

    public static PayloadReader Open(ReadOnlyMemory<byte> payload, string path, string expectedType)
    {
        JsonDocument document;
        try
        {
            _ = s_strictUtf8.GetCharCount(payload.Span);
            document = JsonDocument.Parse(payload, s_options);
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException)
        {
            throw new ContractException(ContractError.BadEncoding, $"The {path} payload is not valid UTF-8 JSON: {e.Message}", e);
        }

        var reader = new PayloadReader(document, path);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            reader.Dispose();
            throw new ContractException(ContractError.WrongType, $"The {path} payload is not a JSON object.");
        }

        var names = new HashSet<string>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var name = property.Name;
            if (!names.Add(name))
            {
                reader.Dispose();
                throw new ContractException(ContractError.ExtraField, $"{path}.{name} appears twice.");
            }
        }

        var type = reader.GetString("type", 64);
        if (type != expectedType)
        {
            reader.Dispose();
            throw new ContractException(ContractError.UnknownVersion, $"{path}.type is \"{type}\"; this build reads \"{expectedType}\".");
        }

        return reader;
    }

    /// <summary>The "type" member of a payload, or null when the payload is not an object with a string type.</summary>
    public static string? PeekType(ReadOnlyMemory<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload, s_options);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string GetString(string name, int maxLength)
    {
        var element = Get(name);
        if (element.ValueKind != JsonValueKind.String)
        {
            throw new ContractException(ContractError.WrongType, $"{_path}.{name} must be a string.");
        }

        var text = element.GetString()!;
        if (text.Length > maxLength)
        {
            throw new ContractException(ContractError.Oversize, $"{_path}.{name} is longer than {maxLength} characters.");
        }

        return text;
    }

    public long GetInt64(string name)
    {
        var element = Get(name);
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var value))
        {
            throw new ContractException(ContractError.WrongType, $"{_path}.{name} must be an integer.");
        }

        return value;
    }

    public void EnsureNoOtherFields()
    {
        foreach (var property in _document.RootElement.EnumerateObject())
        {
            if (!_seen.Contains(property.Name))
            {
                throw new ContractException(ContractError.ExtraField, $"{_path}.{property.Name} is not a field of this format.");
            }
        }
    }

    public void Dispose() => _document.Dispose();

    private JsonElement Get(string name)
    {
        if (!_document.RootElement.TryGetProperty(name, out var element))
        {
            throw new ContractException(ContractError.MissingField, $"{_path}.{name} is missing.");
        }

        _seen.Add(name);
        return element;
    }
}
