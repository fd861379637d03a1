using System.Buffers;
using System.Text.Encodings.Web;

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

    // Every reading, receipt and envelope is written through here, thousands a second: each thread keeps one
    // buffer and one writer, so a value costs only its exact bytes (a fresh Utf8JsonWriter grows its buffer by
    // 4 KiB at a time). A write inside a write (a value that embeds another's bytes) gets buffers of its own.
    private const int KeptBufferBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    [ThreadStatic]
    private static bool t_busy;

    /// <summary>One JSON object whose members <paramref name="members"/> writes, as bytes.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        return WriteValue(writer =>
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        });
    }

    /// <summary>One JSON value, written whole by <paramref name="value"/>, as bytes.</summary>
    public static byte[] WriteValue(Action<Utf8JsonWriter> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (t_busy)
        {
            var own = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(own, Options))
            {
                value(writer);
            }

            return own.WrittenSpan.ToArray();
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        var shared = t_writer ??= new Utf8JsonWriter(buffer, Options);
        t_busy = true;
        try
        {
            buffer.ResetWrittenCount();
            shared.Reset(buffer);
            value(shared);
            shared.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            t_busy = false;
            if (buffer.Capacity > KeptBufferBytes)
            {
                // A large batch passed through: its buffer is not kept for ever.
                t_buffer = null;
                t_writer = null;
            }
        }
    }
}
