using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Dream.Agent.Commands;

/// <summary>How a snapshot is shown: a table for people, one JSON object for programs. Energy and power are the
/// whole Wh and W the agent signs; other quantities are the register's exact value (a float's to its precision).</summary>
internal static class MeterOutput
{
    /// <summary>One object: standard quantity name -> number in the quantity's unit (energy in Wh and power in W
    /// as integers); null when not available.</summary>
    public static string Json(MeterSnapshot snapshot)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var q in snapshot.Quantities)
            {
                if (Signed(q) is long whole)
                {
                    writer.WriteNumber(q.Name, whole);
                }
                else if (q.Text is string text)
                {
                    writer.WritePropertyName(q.Name);
                    writer.WriteRawValue(text);
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
            var (value, unit) = q switch
            {
                { IsAvailable: false } => ($"[yellow]not available[/] [grey]({Markup.Escape(q.NotAvailableReason ?? string.Empty)})[/]", q.Unit),
                // As a meter's display shows it, in kWh, exactly the Wh that is signed (3 decimals).
                _ when StandardQuantities.IsEnergy(q.Name) && Signed(q) is long wh => (Kilo(wh), "kWh"),
                _ when Signed(q) is long w => (w.ToString(CultureInfo.InvariantCulture), q.Unit),
                _ => (Markup.Escape(q.Text ?? string.Empty), q.Unit),
            };
            table.AddRow(Markup.Escape(q.Name), value, Markup.Escape(unit));
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
                $"warning: {r.Name} went backwards from {r.PreviousWh} to {r.CurrentWh} Wh (meter replaced or reset, or a wrong register)."));
        }
    }

    /// <summary>Whole Wh as kWh text with exactly three decimals, by integer arithmetic.</summary>
    internal static string Kilo(long wh)
    {
        var magnitude = wh < 0 ? -(Int128)wh : wh;
        var text = FormattableString.Invariant($"{magnitude / 1000}.{magnitude % 1000:000}");
        return wh < 0 ? "-" + text : text;
    }

    /// <summary>Energy and power as the agent signs them: rounded half to even to a whole Wh or W.</summary>
    private static long? Signed(QuantityReading q) =>
        StandardQuantities.IsEnergy(q.Name) || StandardQuantities.IsPower(q.Name) ? q.WholeUnits : null;
}
