using System.Text;

namespace Dream.Cli;

/// <summary>What <c>--json</c> prints: the ledger's answers indented, written without reflection (trimmed and AOT builds).</summary>
internal static class CliJson
{
    private static readonly JsonWriterOptions s_indented = new() { Indented = true };

    public static string Indented(JsonElement answer) => Write(answer.WriteTo);

    /// <summary><c>dream contract show --json</c>: the ledger's contract, the hash re-rendered here, and whether they match.</summary>
    public static string ContractCheck(JsonElement contract, string? localHash, bool matches) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WritePropertyName("contract");
        contract.WriteTo(writer);
        writer.WriteString("localHash", localHash);
        writer.WriteBoolean("matches", matches);
        writer.WriteEndObject();
    });

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, s_indented))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
