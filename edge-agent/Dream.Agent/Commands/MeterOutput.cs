using System.Globalization;
using System.Text;
using System.Text.Json;
using Dream.Meters.Reading;
using Spectre.Console;

namespace Dream.Agent.Commands;

/// <summary>How a snapshot is shown: a table for people, one JSON object for programs.</summary>
internal static class MeterOutput
{
    /// <summary>One object: standard quantity name -> number in the profile's unit; null when not available.</summary>
    public static string Json(MeterSnapshot snapshot)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var q in snapshot.Quantities)
            {
                if (q.Value is double value)
                {
                    writer.WriteNumber(q.Name, value);
                }
                else
                {
                    writer.WriteNull(q.Name);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Table(MeterIdentity identity, string address, MeterSnapshot snapshot)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(identity.Model)}[/] ({Markup.Escape(identity.ProfileId)}), serial number {Markup.Escape(identity.SerialNumber ?? "unknown")}, at {Markup.Escape(address)}");
        var table = new Table().AddColumn("Quantity").AddColumn(new TableColumn("Value").RightAligned()).AddColumn("Unit");
        foreach (var q in snapshot.Quantities)
        {
            table.AddRow(
                Markup.Escape(q.Name),
                q.Value is double v ? v.ToString("0.###", CultureInfo.InvariantCulture) : $"[yellow]not available[/] [grey]({Markup.Escape(q.NotAvailableReason ?? string.Empty)})[/]",
                Markup.Escape(q.Unit));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[grey]{snapshot.Time:u}, {snapshot.Requests} request(s)[/]");
        Regressions(snapshot);
    }

    public static void Regressions(MeterSnapshot snapshot)
    {
        foreach (var r in snapshot.EnergyRegressions)
        {
            Console.Error.WriteLine(FormattableString.Invariant(
                $"warning: {r.Name} went backwards from {r.Previous} to {r.Current} {r.Unit} (meter replaced or reset, or a wrong register)."));
        }
    }
}
