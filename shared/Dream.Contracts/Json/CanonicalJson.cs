using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dream.Contracts.Json;

/// <summary>
/// The one spelling of every signed format: compact, fields in the documented order, UTF-8 as is, no HTML-safety
/// escapes ('+' stays '+'). Every writer of a signed payload (contracts, registry, market) uses these settings.
/// </summary>
public static class CanonicalJson
{
    public static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>One JSON object whose members <paramref name="members"/> writes, as bytes.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
