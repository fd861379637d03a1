namespace Dream.Serial.Interop;

/// <summary>glibc's struct termios on Linux (x86_64 and aarch64 alike): 60 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Termios
{
    public const int ControlCharacterCount = 32;
    public const int VTime = 5;
    public const int VMin = 6;

    public uint InputFlags;
    public uint OutputFlags;
    public uint ControlFlags;
    public uint LocalFlags;
    public byte LineDiscipline;
    public fixed byte ControlCharacters[ControlCharacterCount];
    public uint InputSpeed;
    public uint OutputSpeed;
}
