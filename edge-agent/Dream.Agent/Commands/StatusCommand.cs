using System.Globalization;
using Spectre.Console;

namespace Dream.Agent.Commands;

/// <summary>dream-agent status: what the running agent last wrote to status.json in its data directory.</summary>
internal sealed class StatusCommand : IAgentCommand
{
    public Command Create()
    {
        var dataDir = DataDirectoryOption.Create();
        var json = SharedOptions.Json();
        var command = new Command("status", "Show the running agent's state: meters, outbox, broker, receipts, alarms.") { dataDir, json };
        command.SetAction(parse =>
        {
            var path = Path.Combine(parse.GetValue(dataDir)!.FullName, "status.json");
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                Console.Error.WriteLine($"error: there is no agent status at {path}: the running agent writes it. Is the agent running (systemctl status dream-agent), with this --data-dir?");
                return ExitCodes.MeterProblem;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: cannot read {path} ({e.Message.TrimEnd('.')}). Run it as root or as the dream user.");
                return ExitCodes.MeterProblem;
            }

            if (parse.GetValue(json))
            {
                // The file is padded with spaces (so it can be rewritten in place on a full disk).
                Console.WriteLine(text.TrimEnd());
                return ExitCodes.Success;
            }

            using var document = JsonDocument.Parse(text);
            Render(document.RootElement);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Render(JsonElement s)
    {
        static string Time(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds(v.GetInt64()).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : "-";
        static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.ToString() : "-";

        var updated = s.GetProperty("updatedAtMs").GetInt64();
        var age = DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds(updated);
        // A did:key contains ":key:", which Spectre markup would turn into an emoji: plain text for identities.
        AnsiConsole.Write(new Text("device ", new Style(decoration: Decoration.Bold)));
        AnsiConsole.Write(new Text(Text(s, "device") + Environment.NewLine));
        AnsiConsole.MarkupLine($"[bold]state[/] {Markup.Escape(Text(s, "state"))} (status written {Time(s, "updatedAtMs")}, {age.TotalSeconds:0} s ago{(age > TimeSpan.FromMinutes(1) ? ": [red]stale, is the agent running?[/]" : string.Empty)})");
        AnsiConsole.MarkupLine($"[bold]broker[/] {(s.GetProperty("brokerConnected").GetBoolean() ? "[green]connected[/]" : "[red]disconnected[/] " + Markup.Escape(Text(s, "brokerError")))}");
        AnsiConsole.MarkupLine($"[bold]outbox[/] {Text(s, "outboxDepth")} of {Text(s, "outboxMax")} unreceipted; oldest #{Text(s, "oldestUnreceiptedSequence")} ending {Time(s, "oldestUnreceiptedEndMs")}");
        AnsiConsole.MarkupLine($"[bold]sequence[/] last signed {Text(s, "lastSequence")}, last published {Text(s, "lastPublishedSequence")}, receipted through {Text(s, "lastReceiptSequence")} at {Time(s, "lastReceiptAtMs")}");
        AnsiConsole.MarkupLine($"[bold]clock[/] {(s.GetProperty("clockSynchronized").GetBoolean() ? "synchronized" : "[red]NOT synchronized[/]")}");
        if (s.TryGetProperty("ledgerMissing", out var missing))
        {
            AnsiConsole.MarkupLine($"[bold]ledger misses[/] {Markup.Escape(missing.GetString() ?? string.Empty)} (sent again)");
        }

        if (s.TryGetProperty("storageError", out var storage))
        {
            AnsiConsole.MarkupLine($"[bold]storage[/] [red]{Markup.Escape(storage.GetString() ?? string.Empty)}[/]; {Text(s, "unstoredIntervals")} closed intervals held in memory");
        }

        if (s.TryGetProperty("refusals", out var refusals) && refusals.GetArrayLength() > 0)
        {
            var refused = new Table().AddColumns("refused seq", "reason", "detail", "what happens", "at");
            foreach (var r in refusals.EnumerateArray())
            {
                string[] cells = [Text(r, "sequence"), Text(r, "reason"), Text(r, "detail"), r.GetProperty("retry").GetBoolean() ? "resent every receipt timeout" : "kept, never resent: needs an operator", Time(r, "atMs")];
                refused.AddRow(cells.Select(c => new Text(c)));
            }

            AnsiConsole.Write(refused);
        }
        var table = new Table().AddColumns("meter", "last sample", "power W", "import Wh", "export Wh", "last interval end", "seq", "flags", "samples", "errors", "last error");
        foreach (var m in s.GetProperty("meters").EnumerateArray())
        {
            string[] cells = [Text(m, "id"), Time(m, "lastSampleAtMs"), Text(m, "lastPowerW"), Text(m, "lastImportWh"), Text(m, "lastExportWh"),
                Time(m, "lastIntervalEndMs"), Text(m, "lastSequence"), Text(m, "lastFlags"), Text(m, "samples"), Text(m, "errors"), Text(m, "lastError")];
            table.AddRow(cells.Select(c => new Text(c)));
        }

        AnsiConsole.Write(table);
        foreach (var alarm in s.GetProperty("alarms").EnumerateArray())
        {
            AnsiConsole.Write(new Text("ALARM " + alarm.GetString() + Environment.NewLine, new Style(Color.Red, decoration: Decoration.Bold)));
        }
    }
}
