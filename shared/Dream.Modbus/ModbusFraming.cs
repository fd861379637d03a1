namespace Dream.Modbus;

/// <summary>How request and response PDUs are wrapped on the byte stream.</summary>
public enum ModbusFraming
{
    /// <summary>Unit id + PDU + CRC-16, frames delimited by silence: serial lines and RTU-over-TCP converters.</summary>
    Rtu,

    /// <summary>MBAP header (transaction id, protocol 0, length, unit id) + PDU: Modbus TCP.</summary>
    Tcp,
}
