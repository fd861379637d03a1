namespace Dream.Serial.Interop;

/// <summary>Linux values (asm-generic; identical on x86_64 and aarch64).</summary>
internal static class Constants
{
    public const int ReadWrite = 0x2;
    public const int NoControllingTerminal = 0x100;
    public const int NonBlocking = 0x800;
    public const int CloseOnExec = 0x80000;

    public const int SetNow = 0;
    public const int FlushInput = 0;
    public const int FlushBoth = 2;

    public const uint CharacterSizeMask = 0x30;
    public const uint EightBits = 0x30;
    public const uint TwoStopBits = 0x40;
    public const uint EnableReceiver = 0x80;
    public const uint ParityEnable = 0x100;
    public const uint ParityOdd = 0x200;
    public const uint IgnoreModemLines = 0x800;
    public const uint HardwareFlowControl = 0x80000000;

    public const nuint GetRs485 = 0x542E;
    public const nuint SetRs485 = 0x542F;

    public const int NoSuchFile = 2;
    public const int Interrupted = 4;
    public const int InputOutputError = 5;
    public const int TryAgain = 11;
    public const int AccessDenied = 13;
    public const int Busy = 16;
    public const int NotATerminal = 25;
}
