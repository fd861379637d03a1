namespace Dream.Modbus.Tests;

internal static class Clients
{
    public static ModbusClient To(int port, ModbusTransportKind transport, int retries = 0, int timeoutMs = 5000, TimeProvider? time = null) =>
        new(
            TcpConnector.For("127.0.0.1", port, TimeSpan.FromSeconds(10)),
            new ModbusClientOptions
            {
                Transport = transport,
                Endpoint = $"127.0.0.1:{port}",
                ResponseTimeout = TimeSpan.FromMilliseconds(timeoutMs),
                Retries = retries,
                RetryBackoff = TimeSpan.FromMilliseconds(10),
            },
            time);

    public static byte[] Rtu(string hexWithoutCrc)
    {
        var body = Convert.FromHexString(hexWithoutCrc);
        var frame = new byte[body.Length + 2];
        body.CopyTo(frame, 0);
        Crc16.Append(frame, body.Length);
        return frame;
    }
}
