namespace Dream.Serial.Interop;

/// <summary>The kernel's struct serial_rs485 (include/uapi/linux/serial.h): 32 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SerialRs485
{
    public const uint Enabled = 1 << 0;
    public const uint RtsOnSend = 1 << 1;
    public const uint RtsAfterSend = 1 << 2;
    public const uint ReceiveDuringTransmit = 1 << 4;

    public uint Flags;
    public uint DelayRtsBeforeSend;
    public uint DelayRtsAfterSend;
    public fixed uint Padding[5];
}
