using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dream.Market.Json;

/// <summary>The one spelling of a payload: compact, fields in the documented order, UTF-8 unescaped ('+' stays '+').</summary>
internal static class CanonicalJson
{
    private static readonly JsonWriterOptions s_options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
