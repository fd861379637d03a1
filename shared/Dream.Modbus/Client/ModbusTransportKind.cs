namespace Dream.Modbus.Client;

/// <summary>What carries the frames; decides the framing and what an error message tells the user to check.</summary>
public enum ModbusTransportKind
{
    /// <summary>RTU on a serial line (RS485).</summary>
    SerialLine,

    /// <summary>RTU frames through a transparent serial-to-Ethernet converter.</summary>
    RtuOverTcp,

    /// <summary>Modbus TCP (MBAP).</summary>
    Tcp,
}
