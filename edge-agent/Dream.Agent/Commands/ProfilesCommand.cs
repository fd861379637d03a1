using Spectre.Console;

namespace Dream.Agent.Commands;

/// <summary>dream-agent profiles: the meter models this agent can read.</summary>
internal sealed class ProfilesCommand : IAgentCommand
{
    public Command Create()
    {
        var json = SharedOptions.Json();
        var directory = SharedOptions.ProfilesDirectory();
        var command = new Command("profiles", "List the meter profiles (supported meter models) and where they were loaded from.") { json, directory };
        command.SetAction((parse, cancellationToken) => Problems.RunAsync(async () =>
        {
            var catalog = SharedOptions.LoadCatalog(parse.GetValue(directory));
            if (parse.GetValue(json))
            {
                var list = catalog.All.Select(p => new ProfileListing(
                    p.Id,
                    p.Manufacturer,
                    p.Model,
                    p.Phases,
                    p.MaxPowerW,
                    p.SunSpec is not null,
                    $"{p.Serial.BaudRate} 8{p.Serial.Parity}{p.Serial.StopBits}",
                    p.SunSpec is null ? [.. p.Quantities.Select(q => q.Name)] : [.. p.SunSpec.Layouts[0].Quantities.Select(q => q.Name)],
                    p.SourceFile)).ToList();
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(list, AgentJsonContext.Default.ListProfileListing));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumn(new TableColumn("Profile").NoWrap()).AddColumns("Meter", "Phases", "Max power W", "Factory serial", "Quantities");
            foreach (var p in catalog.All)
            {
                var count = p.SunSpec is null ? p.Quantities.Count : p.SunSpec.Layouts[0].Quantities.Count;
                table.AddRow(
                    Markup.Escape(p.Id),
                    Markup.Escape($"{p.Manufacturer} {p.Model}"),
                    p.Phases.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    p.MaxPowerW.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"{p.Serial.BaudRate} 8{p.Serial.Parity}{p.Serial.StopBits}, unit {p.Serial.Unit}",
                    count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"[grey]Loaded from: {Markup.Escape(string.Join(", ", catalog.Directories))}[/]");
            return ExitCodes.Success;
        }));
        return command;
    }
}
