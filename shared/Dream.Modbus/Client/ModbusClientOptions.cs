namespace Dream.Modbus.Client;

public sealed record ModbusClientOptions
{
    public ModbusTransportKind Transport { get; init; } = ModbusTransportKind.Tcp;

    /// <summary>Where the bus is, for messages: "/dev/ttyUSB0", "192.168.1.20:502".</summary>
    public string Endpoint { get; init; } = "?";

    /// <summary>Serial line speed; decides the RTU inter-frame silence. Null when unknown (behind a converter).</summary>
    public int? BaudRate { get; init; }

    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts after the first one, for a timeout or a damaged frame (never for an exception response).</summary>
    public int Retries { get; init; } = 2;

    /// <summary>Wait before the first retry; doubled for each further retry.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public ModbusFraming Framing => Transport == ModbusTransportKind.Tcp ? ModbusFraming.Tcp : ModbusFraming.Rtu;
}
