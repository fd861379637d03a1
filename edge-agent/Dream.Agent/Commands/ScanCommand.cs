using System.Globalization;
using Spectre.Console;

namespace Dream.Agent.Commands;

/// <summary>dream-agent scan: ask every unit id of a bus, identify each meter that answers.</summary>
internal sealed class ScanCommand : IAgentCommand
{
    public Command Create()
    {
        var bus = new Option<string>("--bus")
        {
            Description = "The bus to scan: rtu:///dev/ttyUSB0?baud=9600&parity=N, tcp://host:502 or rtutcp://host:502 (unit ids come from --units).",
            Required = true,
        };
        var units = new Option<string>("--units")
        {
            Description = "Unit ids to ask: a range and/or a list, e.g. 1-10 or 1,2,5-7.",
            DefaultValueFactory = _ => "1-247",
        };
        var json = SharedOptions.Json();
        var timeout = SharedOptions.TimeoutMilliseconds(300);
        var directory = SharedOptions.ProfilesDirectory();
        var command = new Command("scan", "Scan a serial bus or a Modbus TCP gateway for meters and identify each one.")
        {
            bus, units, json, timeout, directory,
        };
        command.SetAction((parse, cancellationToken) => Problems.RunAsync(async () =>
        {
            var catalog = SharedOptions.LoadCatalog(parse.GetValue(directory));
            var address = MeterAddress.Parse(parse.GetValue(bus)!);
            var ids = ParseUnits(parse.GetValue(units)!);
            await using var client = address.CreateClient(TimeSpan.FromMilliseconds(parse.GetValue(timeout)), retries: 0);
            var found = new List<ScanResult>();

            async Task ScanAsync(Action<byte>? progress)
            {
                foreach (var unit in ids)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Invoke(unit);
                    try
                    {
                        var result = await MeterIdentifier.IdentifyAsync(client.Device(unit), catalog.All, cancellationToken);
                        found.Add(result is null
                            ? new ScanResult(unit, null, "answers, but matches no profile", null)
                            : new ScanResult(unit, result.Profile.Id, result.Identity.Model, result.Identity.SerialNumber));
                    }
                    catch (ModbusTimeoutException)
                    {
                        // Nobody at this unit id.
                    }
                    catch (ModbusException e) when (e.Code is ExceptionCode.GatewayTargetFailedToRespond or ExceptionCode.GatewayPathUnavailable)
                    {
                        // A gateway saying nobody answered behind it.
                    }
                    catch (ModbusFramingMismatchException)
                    {
                        throw;
                    }
                    catch (ModbusProtocolException e)
                    {
                        found.Add(new ScanResult(unit, null, $"damaged answers: {e.Message}", null));
                    }
                }
            }

            if (parse.GetValue(json))
            {
                await ScanAsync(null);
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(found, AgentJsonContext.Default.ListScanResult));
            }
            else
            {
                var progressConsole = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
                await progressConsole.Progress().StartAsync(async context =>
                {
                    var task = context.AddTask($"Scanning {Markup.Escape(address.Endpoint)}", maxValue: ids.Count);
                    await ScanAsync(unit =>
                    {
                        task.Description = $"Scanning {Markup.Escape(address.Endpoint)}, unit {unit}";
                        task.Increment(1);
                    });
                });
                var table = new Table().AddColumns("Unit", "Profile", "Meter", "Serial number");
                foreach (var r in found)
                {
                    table.AddRow(r.Unit.ToString(CultureInfo.InvariantCulture), Markup.Escape(r.Profile ?? "?"), Markup.Escape(r.Model ?? string.Empty), Markup.Escape(r.SerialNumber ?? string.Empty));
                }

                AnsiConsole.Write(table);
            }

            if (found.Count == 0)
            {
                await Console.Error.WriteLineAsync(
                    $"No meter answered on {address.Endpoint} (units {parse.GetValue(units)}). Check: the meters are powered; baud rate, parity and stop bits match the meters (--bus ...?baud=9600&parity=N); A/B wiring and termination; for a gateway, tcp:// versus rtutcp://.");
                return ExitCodes.MeterProblem;
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    internal static IReadOnlyList<byte> ParseUnits(string text)
    {
        var units = new SortedSet<byte>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var from = Unit(dash < 0 ? part : part[..dash], text);
            var to = dash < 0 ? from : Unit(part[(dash + 1)..], text);
            if (to < from)
            {
                throw new FormatException($"Unit range \"{part}\" runs backwards.");
            }

            for (var u = from; u <= to; u++)
            {
                units.Add((byte)u);
            }
        }

        return units.Count > 0 ? [.. units] : throw new FormatException("--units names no unit id.");
    }

    private static int Unit(string text, string whole) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var u) && u is >= 1 and <= 247
            ? u
            : throw new FormatException($"--units \"{whole}\": \"{text}\" is not a unit id from 1 to 247.");
}
