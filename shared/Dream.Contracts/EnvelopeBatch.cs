using Dream.Contracts.Json;

namespace Dream.Contracts;

/// <summary>
/// What one MQTT readings message carries: a single envelope (a JSON object), or while a backlog drains a
/// JSON array of envelopes. Each envelope keeps its own exact payload bytes.
/// </summary>
public static class EnvelopeBatch
{
    public const int MaxMessageBytes = 1024 * 1024;
    public const int MaxEnvelopes = 500;

    public static IReadOnlyList<SignedEnvelope> Parse(ReadOnlyMemory<byte> message)
    {
        if (message.Length > MaxMessageBytes)
        {
            throw new ContractException(ContractError.Oversize, $"The message is {message.Length} bytes; a batch is at most {MaxMessageBytes}.");
        }

        using var document = StrictJson.Parse(message, "The message", ContractError.NotEnvelope);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object)
        {
            if (message.Length > SignedEnvelope.MaxMessageBytes)
            {
                throw new ContractException(ContractError.Oversize, $"The message is {message.Length} bytes; an envelope is at most {SignedEnvelope.MaxMessageBytes}.");
            }

            return [SignedEnvelope.FromElement(root, "envelope")];
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new ContractException(ContractError.NotEnvelope, "The message is neither an envelope nor an array of envelopes.");
        }

        var count = root.GetArrayLength();
        if (count == 0)
        {
            throw new ContractException(ContractError.MissingField, "The batch is empty.");
        }

        if (count > MaxEnvelopes)
        {
            throw new ContractException(ContractError.Oversize, $"The batch has {count} envelopes; at most {MaxEnvelopes} are allowed.");
        }

        var result = new List<SignedEnvelope>(count);
        var index = 0;
        foreach (var item in root.EnumerateArray())
        {
            result.Add(SignedEnvelope.FromElement(item, $"batch[{index++}]"));
        }

        return result;
    }

    /// <summary>One envelope alone is sent as an object; several as an array.</summary>
    public static byte[] Serialize(IReadOnlyList<SignedEnvelope> envelopes)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        if (envelopes.Count == 1)
        {
            return envelopes[0].ToBytes();
        }

        return CanonicalJson.WriteValue(writer =>
        {
            writer.WriteStartArray();
            foreach (var envelope in envelopes)
            {
                envelope.WriteTo(writer);
            }

            writer.WriteEndArray();
        });
    }
}
