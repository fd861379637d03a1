namespace Dream.Contracts;

/// <summary>What a product passport describes.</summary>
public enum DeviceKind
{
    /// <summary>An energy meter read by a gateway (Modbus or S0 pulses).</summary>
    Meter,

    /// <summary>The gateway itself.</summary>
    Gateway,
}
