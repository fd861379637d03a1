namespace Dream.Serial;

/// <summary>Kernel-driven RS485 direction control (TIOCSRS485), for UARTs whose transceiver's driver-enable
/// pin is wired to RTS (many Raspberry Pi HATs). USB adapters switch direction themselves and need none.</summary>
public sealed record Rs485Options
{
    /// <summary>RTS level while sending: true drives RTS high (logical 1) during transmission.</summary>
    public bool RtsOnSend { get; init; } = true;

    public bool RtsAfterSend { get; init; }

    public bool ReceiveDuringTransmit { get; init; }

    public int DelayBeforeSendMilliseconds { get; init; }

    public int DelayAfterSendMilliseconds { get; init; }
}
