namespace Dream.Serial;

public sealed record SerialPortSettings
{
    public static readonly IReadOnlyList<int> SupportedBaudRates = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200];

    public SerialPortSettings(string path) => Path = path;

    public string Path { get; init; }

    public int BaudRate { get; init; } = 9600;

    public Parity Parity { get; init; } = Parity.None;

    public StopBits StopBits { get; init; } = StopBits.One;

    /// <summary>Null leaves the port's RS485 mode as the kernel has it.</summary>
    public Rs485Options? Rs485 { get; init; }

    public override string ToString() =>
        $"{Path} {BaudRate} 8{Parity.ToString()[0]}{(int)StopBits}";
}
