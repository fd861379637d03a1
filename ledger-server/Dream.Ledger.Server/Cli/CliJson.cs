using System.Text.Json;
using Dream.Ledger.Server.Api;

namespace Dream.Ledger.Server.Cli;

/// <summary>How the admin CLI prints the server's answers: indented, through the source-generated contract.</summary>
internal static class CliJson
{
    private static readonly LedgerApiJsonContext s_indented = new(new JsonSerializerOptions { WriteIndented = true });

    public static string Indented(JsonElement answer) => JsonSerializer.Serialize(answer, s_indented.JsonElement);
}
