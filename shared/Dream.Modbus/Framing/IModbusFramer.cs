namespace Dream.Modbus.Framing;

/// <summary>Wraps request PDUs for the wire and takes response PDUs back out of it, validating each frame.</summary>
public interface IModbusFramer
{
    ModbusFraming Framing { get; }

    /// <summary>Sends one request and returns the response PDU (empty for a broadcast, which gets no answer).</summary>
    /// <exception cref="ModbusTimeoutException">No complete response within <paramref name="timeout"/>.</exception>
    /// <exception cref="ModbusProtocolException">The response is malformed or not for this request.</exception>
    Task<byte[]> ExchangeAsync(byte unitId, ReadOnlyMemory<byte> requestPdu, TimeSpan timeout, CancellationToken cancellationToken);
}
