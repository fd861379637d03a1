using System.Net;
using Dream.Meters.Simulation;
using Dream.Modbus.Client;
using Dream.Modbus.Server;
using Dream.Serial;

namespace Dream.Agent.Commands;

/// <summary>dream-agent simulate-meter: a meter of any profile, driven by a PV + household model, on a TCP port,
/// on a pseudo-terminal, or on a real serial port.</summary>
internal sealed class SimulateMeterCommand : IAgentCommand
{
    public Command Create()
    {
        var profileId = new Option<string>("--profile") { Description = "Profile id of the meter to simulate.", Required = true };
        var listen = new Option<string?>("--listen") { Description = "Serve on this TCP address, e.g. 127.0.0.1:5020 (port 0 picks a free port)." };
        var framing = new Option<string>("--framing")
        {
            Description = "Framing on --listen: tcp (Modbus TCP) or rtu (RTU over TCP, like a transparent converter).",
            DefaultValueFactory = _ => "tcp",
        };
        framing.AcceptOnlyFromAmong("tcp", "rtu");
        var pty = new Option<string?>("--pty") { Description = "Serve RTU on a new pseudo-terminal linked at this path (read it with rtu://PATH)." };
        var serial = new Option<string?>("--serial") { Description = "Serve RTU on a real serial port: rtu:///dev/ttyUSB1?baud=9600&parity=N." };
        var units = new Option<string>("--unit") { Description = "Unit id(s) to answer, e.g. 1 or 1,2,5-7.", DefaultValueFactory = _ => "1" };
        var kwp = new Option<double>("--kwp") { Description = "PV peak power in kWp.", DefaultValueFactory = _ => 5 };
        var load = new Option<double>("--base-load") { Description = "Household base load in W.", DefaultValueFactory = _ => 300 };
        var timeScale = new Option<double>("--time-scale")
        {
            Description = "Simulated seconds per real second: 1440 runs a day in a minute.",
            DefaultValueFactory = _ => 1,
        };
        var start = new Option<DateTimeOffset?>("--start") { Description = "Simulated start time (ISO 8601, e.g. 2026-06-21T04:00:00Z); default now." };
        var clockEpoch = new Option<long?>("--clock-epoch-ms")
        {
            Description = "With --time-scale: run on the clock epoch + (now - epoch) x scale (Unix ms), the one the agents' testing.clockEpochMs defines; overrides --start.",
        };
        var serialNumber = new Option<string>("--serial-number") { Description = "Serial number the meter reports.", DefaultValueFactory = _ => "21000042" };
        var sunSpecModel = new Option<int>("--sunspec-model")
        {
            Description = "For the SunSpec profile: the meter model served (201-204 integer, 211-214 float).",
            DefaultValueFactory = _ => 203,
        };
        var readLog = new Option<string?>("--read-log")
        {
            Description = "Write one line per read answered to this file: simulated Unix ms, import Wh, export Wh (the counters before register rounding); at most 1000000 lines.",
        };
        var directory = SharedOptions.ProfilesDirectory();
        var command = new Command("simulate-meter", "Simulate a meter for tests and training: registers from a PV and household model, energy integrated from power.")
        {
            profileId, listen, framing, pty, serial, units, kwp, load, timeScale, start, clockEpoch, serialNumber, sunSpecModel, readLog, directory,
        };
        command.SetAction((parse, cancellationToken) => Problems.RunAsync(async () =>
        {
            var targets = new[] { parse.GetValue(listen), parse.GetValue(pty), parse.GetValue(serial) }.Count(t => t is not null);
            if (targets != 1)
            {
                throw new FormatException("Give exactly one of --listen HOST:PORT, --pty PATH or --serial URI.");
            }

            var profile = SharedOptions.LoadCatalog(parse.GetValue(directory)).Get(parse.GetValue(profileId)!);
            var unitIds = ScanCommand.ParseUnits(parse.GetValue(units)!).ToHashSet();
            var meter = new SimulatedMeter(profile, new SimulationOptions
            {
                Units = unitIds,
                TimeScale = parse.GetValue(timeScale),
                Start = parse.GetValue(start),
                ClockEpoch = parse.GetValue(clockEpoch) is long epochMs ? DateTimeOffset.FromUnixTimeMilliseconds(epochMs) : null,
                SerialNumber = parse.GetValue(serialNumber)!,
                SunSpecModel = parse.GetValue(sunSpecModel),
                Household = new HouseholdOptions { PvPeakWatts = parse.GetValue(kwp) * 1000, BaseLoadWatts = parse.GetValue(load) },
            });
            using var log = parse.GetValue(readLog) is string logFile ? new ServedReadLog(Path.GetFullPath(logFile)) : null;
            if (log is not null)
            {
                meter.Served += (_, read) => log.Write(read);
            }

            var who = $"{profile.Id} ({profile.Manufacturer} {profile.Model}) as unit {string.Join(",", unitIds)}";

            if (parse.GetValue(listen) is string endpoint)
            {
                if (!IPEndPoint.TryParse(endpoint, out var ip) || !endpoint.Contains(':', StringComparison.Ordinal))
                {
                    throw new FormatException($"--listen \"{endpoint}\" is not an IP address and port, such as 127.0.0.1:5020.");
                }

                var mode = parse.GetValue(framing) == "rtu" ? ModbusFraming.Rtu : ModbusFraming.Tcp;
                await using var server = new ModbusTcpServer(ip, mode, meter);
                server.Start();
                var scheme = mode == ModbusFraming.Tcp ? "tcp" : "rtutcp";
                await AnnounceAsync($"Serving {who} on {server.LocalEndPoint} ({(mode == ModbusFraming.Tcp ? "Modbus TCP" : "RTU over TCP")}); read it with --meter {scheme}://{server.LocalEndPoint}?unit={unitIds.Min()}. Ctrl+C stops.");
                await WaitForStopAsync(cancellationToken);
                return ExitCodes.Success;
            }

            if (parse.GetValue(pty) is string link)
            {
                using var terminal = PseudoTerminal.Open(Path.GetFullPath(link));
                await AnnounceAsync($"Serving {who} on {Path.GetFullPath(link)} -> {terminal.DevicePath} (RTU); read it with --meter rtu://{Path.GetFullPath(link)}?unit={unitIds.Min()}. Ctrl+C stops.");
                await ServeUntilStoppedAsync(terminal.Master, meter, cancellationToken);
                return ExitCodes.Success;
            }

            var address = MeterAddress.Parse(parse.GetValue(serial)!, profile.Serial);
            if (address.Transport != ModbusTransportKind.SerialLine)
            {
                throw new FormatException("--serial takes an rtu:/// URI.");
            }

            await using var port = SerialPortStream.Open(new SerialPortSettings(address.Target) { BaudRate = address.BaudRate, Parity = address.Parity, StopBits = address.StopBits });
            await AnnounceAsync($"Serving {who} on {port.Settings} (RTU). Ctrl+C stops.");
            await ServeUntilStoppedAsync(port, meter, cancellationToken);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task AnnounceAsync(string line)
    {
        await Console.Out.WriteLineAsync(line);
        await Console.Out.FlushAsync();
    }

    private static async Task WaitForStopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task ServeUntilStoppedAsync(Stream stream, SimulatedMeter meter, CancellationToken cancellationToken)
    {
        try
        {
            await ModbusStreamServer.ServeAsync(stream, ModbusFraming.Rtu, meter, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
