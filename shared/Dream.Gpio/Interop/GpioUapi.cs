namespace Dream.Gpio.Interop;

/// <summary>
/// The GPIO character device uAPI v2 (linux/gpio.h), laid out exactly as the kernel's structs; the tests
/// compare every size and offset with the kernel headers compiled by gcc.
/// </summary>
internal static class GpioUapi
{
    internal const int MaxNameSize = 32;
    internal const int LinesMax = 64;
    internal const int LineNumAttrsMax = 10;

    /// <summary>_IOWR(0xB4, 0x07, struct gpio_v2_line_request): 592-byte argument.</summary>
    internal static readonly nuint GetLineIoctl = IoWr(0xB4, 0x07, (uint)Marshal.SizeOf<LineRequest>());

    /// <summary>_IOWR(0xB4, 0x0E, struct gpio_v2_line_values): 16-byte argument.</summary>
    internal static readonly nuint LineGetValuesIoctl = IoWr(0xB4, 0x0E, (uint)Marshal.SizeOf<LineValues>());

    internal const ulong FlagActiveLow = 1UL << 1;
    internal const ulong FlagInput = 1UL << 2;
    internal const ulong FlagEdgeRising = 1UL << 4;
    internal const ulong FlagEdgeFalling = 1UL << 5;
    internal const ulong FlagBiasPullUp = 1UL << 8;
    internal const ulong FlagBiasPullDown = 1UL << 9;
    internal const ulong FlagBiasDisabled = 1UL << 10;

    internal const uint AttrIdFlags = 1;
    internal const uint AttrIdOutputValues = 2;
    internal const uint AttrIdDebounce = 3;

    internal const uint EventRisingEdge = 1;
    internal const uint EventFallingEdge = 2;

    /// <summary>The asm-generic _IOC encoding (x86, arm, arm64, riscv): dir:2 size:14 type:8 nr:8.</summary>
    internal static nuint IoWr(uint type, uint number, uint size) => (nuint)((3u << 30) | (size << 16) | (type << 8) | number);

    /// <summary>struct gpio_v2_line_attribute: id, padding, then a union of u64 flags / u64 values / u32 debounce.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct LineAttribute
    {
        public uint Id;
        public uint Padding;
        public ulong Value;
    }

    /// <summary>struct gpio_v2_line_config_attribute.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct LineConfigAttribute
    {
        public LineAttribute Attribute;
        public ulong Mask;
    }

    /// <summary>struct gpio_v2_line_config.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct LineConfig
    {
        public ulong Flags;
        public uint NumAttrs;
        public fixed uint Padding[5];
        public LineConfigAttributes Attrs;
    }

    [System.Runtime.CompilerServices.InlineArray(LineNumAttrsMax)]
    internal struct LineConfigAttributes
    {
        private LineConfigAttribute _element;
    }

    /// <summary>struct gpio_v2_line_request.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct LineRequest
    {
        public fixed uint Offsets[LinesMax];
        public fixed byte Consumer[MaxNameSize];
        public LineConfig Config;
        public uint NumLines;
        public uint EventBufferSize;
        public fixed uint Padding[5];
        public int Fd;
    }

    /// <summary>struct gpio_v2_line_values.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct LineValues
    {
        public ulong Bits;
        public ulong Mask;
    }

    /// <summary>struct gpio_v2_line_event.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct LineEvent
    {
        public ulong TimestampNs;
        public uint Id;
        public uint Offset;
        public uint Seqno;
        public uint LineSeqno;
        public fixed uint Padding[6];
    }
}
