using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dream.Contracts.Json;

/// <summary>Writer settings for every signed format: UTF-8 as is, no HTML-safety escapes ('+' stays '+').</summary>
internal static class JsonWriting
{
    public static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };
}
