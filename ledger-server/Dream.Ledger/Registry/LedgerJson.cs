using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dream.Ledger.Registry;

/// <summary>The writer settings of every signed format (as Dream.Contracts): compact, '+' stays '+'.</summary>
internal static class LedgerJson
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
