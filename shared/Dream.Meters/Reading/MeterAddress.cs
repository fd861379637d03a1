using System.Globalization;
using Dream.Modbus.Client;
using Dream.Serial;

namespace Dream.Meters.Reading;

/// <summary>Where a meter is, as a URI: rtu:///dev/ttyUSB0?baud=9600&amp;parity=N&amp;stop=1&amp;unit=1,
/// tcp://host:502?unit=1 (Modbus TCP), rtutcp://host:502?unit=1 (RTU through a transparent converter).</summary>
public sealed record MeterAddress(
    ModbusTransportKind Transport,
    string Target,
    int Port,
    byte Unit,
    int BaudRate,
    Parity Parity,
    StopBits StopBits)
{
    public const int DefaultTcpPort = 502;

    public string Endpoint => Transport == ModbusTransportKind.SerialLine ? Target : $"{Target}:{Port}";

    /// <exception cref="FormatException">The URI is malformed; the message shows the accepted forms.</exception>
    public static MeterAddress Parse(string uri, SerialDefaults? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        defaults ??= new SerialDefaults();
        if (!uri.Contains("://", StringComparison.Ordinal) || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            throw Malformed(uri, "not a URI");
        }

        var transport = parsed.Scheme switch
        {
            "rtu" => ModbusTransportKind.SerialLine,
            "tcp" => ModbusTransportKind.Tcp,
            "rtutcp" => ModbusTransportKind.RtuOverTcp,
            _ => throw Malformed(uri, $"unknown scheme \"{parsed.Scheme}\""),
        };

        var query = ParseQuery(uri, parsed.Query);
        int baud = defaults.BaudRate;
        var parity = ParseParity(uri, defaults.Parity);
        var stopBits = defaults.StopBits == 2 ? StopBits.Two : StopBits.One;
        byte unit = defaults.Unit;
        foreach (var (key, value) in query)
        {
            switch (key)
            {
                case "unit":
                    unit = byte.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var u) && u <= 247
                        ? u
                        : throw Malformed(uri, $"unit \"{value}\" is not 0 to 247");
                    break;
                case "baud" when transport == ModbusTransportKind.SerialLine:
                    baud = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var b) && SerialPortSettings.SupportedBaudRates.Contains(b)
                        ? b
                        : throw Malformed(uri, $"baud \"{value}\" is not one of {string.Join(", ", SerialPortSettings.SupportedBaudRates)}");
                    break;
                case "parity" when transport == ModbusTransportKind.SerialLine:
                    parity = ParseParity(uri, value);
                    break;
                case "stop" when transport == ModbusTransportKind.SerialLine:
                    stopBits = value switch
                    {
                        "1" => StopBits.One,
                        "2" => StopBits.Two,
                        _ => throw Malformed(uri, $"stop \"{value}\" is not 1 or 2"),
                    };
                    break;
                default:
                    throw Malformed(uri, $"unknown parameter \"{key}\" for {parsed.Scheme}");
            }
        }

        if (transport == ModbusTransportKind.SerialLine)
        {
            var path = Uri.UnescapeDataString(parsed.AbsolutePath);
            if (!string.IsNullOrEmpty(parsed.Host) || path.Length < 2)
            {
                throw Malformed(uri, "a serial device is written rtu:///dev/ttyUSB0 (three slashes)");
            }

            return new MeterAddress(transport, path, 0, unit, baud, parity, stopBits);
        }

        if (string.IsNullOrEmpty(parsed.Host) || parsed.AbsolutePath is not ("/" or ""))
        {
            throw Malformed(uri, "a network meter is written tcp://host:port?unit=N");
        }

        return new MeterAddress(transport, parsed.Host, parsed.IsDefaultPort ? DefaultTcpPort : parsed.Port, unit, baud, parity, stopBits);
    }

    public MeterAddress WithUnit(byte unit) => this with { Unit = unit };

    /// <summary>A client for this address's bus. The caller disposes it.</summary>
    public ModbusClient CreateClient(TimeSpan responseTimeout, int retries, TimeProvider? timeProvider = null)
    {
        var options = new ModbusClientOptions
        {
            Transport = Transport,
            Endpoint = Endpoint,
            BaudRate = Transport == ModbusTransportKind.Tcp ? null : BaudRate,
            ResponseTimeout = responseTimeout,
            Retries = retries,
        };
        if (Transport == ModbusTransportKind.SerialLine)
        {
            var settings = new SerialPortSettings(Target) { BaudRate = BaudRate, Parity = Parity, StopBits = StopBits };
            return new ModbusClient(_ => ValueTask.FromResult<Stream>(SerialPortStream.Open(settings)), options, timeProvider);
        }

        return new ModbusClient(TcpConnector.For(Target, Port, TimeSpan.FromSeconds(5)), options with { BaudRate = null }, timeProvider);
    }

    public override string ToString() => Transport switch
    {
        ModbusTransportKind.SerialLine => FormattableString.Invariant($"rtu://{Target}?baud={BaudRate}&parity={Parity.ToString()[0]}&stop={(int)StopBits}&unit={Unit}"),
        ModbusTransportKind.Tcp => FormattableString.Invariant($"tcp://{Target}:{Port}?unit={Unit}"),
        _ => FormattableString.Invariant($"rtutcp://{Target}:{Port}?unit={Unit}"),
    };

    private static Parity ParseParity(string uri, string value) => value.ToUpperInvariant() switch
    {
        "N" or "NONE" => Parity.None,
        "E" or "EVEN" => Parity.Even,
        "O" or "ODD" => Parity.Odd,
        _ => throw Malformed(uri, $"parity \"{value}\" is not N, E or O"),
    };

    private static List<(string Key, string Value)> ParseQuery(string uri, string query)
    {
        var pairs = new List<(string, string)>();
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Malformed(uri, $"\"{part}\" is not key=value");
            }

            pairs.Add((Uri.UnescapeDataString(part[..equals]).ToLowerInvariant(), Uri.UnescapeDataString(part[(equals + 1)..])));
        }

        return pairs;
    }

    private static FormatException Malformed(string uri, string problem) => new(
        $"Meter address \"{uri}\": {problem}. Use rtu:///dev/ttyUSB0?baud=9600&parity=N&stop=1&unit=1, tcp://host:502?unit=1 or rtutcp://host:502?unit=1.");
}
