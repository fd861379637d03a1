using Spectre.Console;

namespace Dream.Cli.Commands;

/// <summary>What a command prints: with <c>--json</c> the ledger's answer, otherwise a line or a table for a person.</summary>
internal static class Output
{
    private const int RedirectedWidth = 1024;

    /// <summary>A submitted transaction's answer: <paramref name="message"/> with <c>{id}</c> replaced, and its log index.</summary>
    public static int Done(ParseResult parse, GlobalOptions o, JsonElement answer, string message) =>
        Print(parse, o, answer, () => Console.WriteLine(message.Replace("{id}", answer.GetProperty("id").GetString(), StringComparison.Ordinal) + $" (log index {answer.GetProperty("logIndex")})"));

    public static int Print(ParseResult parse, GlobalOptions o, JsonElement answer, Action human)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(human);
        if (parse.GetValue(o.Json))
        {
            Console.WriteLine(CliJson.Indented(answer));
        }
        else
        {
            human();
        }

        return 0;
    }

    public static void Table(JsonElement list, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var table = new Table();
        foreach (var column in columns)
        {
            table.AddColumn(column);
        }

        foreach (var row in list.EnumerateArray())
        {
            // Plain Text, not markup: markup would also turn ":key:" inside every did:key into an emoji.
            table.AddRow(columns.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(row.TryGetProperty(c, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "-")).ToArray());
        }

        if (Console.IsOutputRedirected)
        {
            // A pipe has no width: keep each row on one line (whole did:keys) for grep and scripts.
            AnsiConsole.Profile.Width = RedirectedWidth;
        }

        AnsiConsole.Write(table);
    }
}
