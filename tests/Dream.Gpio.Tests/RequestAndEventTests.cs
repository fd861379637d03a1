using System.Runtime.InteropServices;
using Dream.Gpio.Interop;

namespace Dream.Gpio.Tests;

public sealed class RequestAndEventTests
{
    [Fact]
    public unsafe void An_s0_request_asks_for_input_falling_edges_pull_up_and_kernel_debounce_on_every_line()
    {
        var request = GpioChip.BuildRequest([17, 27], new GpioLineSettings { DebounceMicroseconds = 5_000, Consumer = "dream-agent s0" });

        Assert.Equal(2u, request.NumLines);
        Assert.Equal(17u, request.Offsets[0]);
        Assert.Equal(27u, request.Offsets[1]);
        Assert.Equal(GpioUapi.FlagInput | GpioUapi.FlagEdgeFalling | GpioUapi.FlagBiasPullUp, request.Config.Flags);
        Assert.Equal(1u, request.Config.NumAttrs);
        Assert.Equal(GpioUapi.AttrIdDebounce, request.Config.Attrs[0].Attribute.Id);
        Assert.Equal(5_000ul, request.Config.Attrs[0].Attribute.Value);
        Assert.Equal(0b11ul, request.Config.Attrs[0].Mask);
        var consumer = new ReadOnlySpan<byte>(request.Consumer, GpioUapi.MaxNameSize);
        Assert.Equal("dream-agent s0", System.Text.Encoding.UTF8.GetString(consumer[..consumer.IndexOf((byte)0)]));
    }

    [Fact]
    public unsafe void Without_debounce_no_attribute_is_sent_and_a_long_consumer_name_stays_nul_terminated()
    {
        var request = GpioChip.BuildRequest([4], new GpioLineSettings { DebounceMicroseconds = 0, Edges = GpioEdge.Both, Bias = GpioBias.AsIs, Consumer = new string('x', 100) });
        Assert.Equal(0u, request.Config.NumAttrs);
        Assert.Equal(GpioUapi.FlagInput | GpioUapi.FlagEdgeFalling | GpioUapi.FlagEdgeRising, request.Config.Flags);
        Assert.Equal(0, request.Consumer[GpioUapi.MaxNameSize - 1]);
    }

    [Fact]
    public void An_event_is_decoded_from_the_kernel_bytes_with_timestamp_and_sequence_numbers()
    {
        var bytes = new byte[48];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes, 123_456_789_012);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), GpioUapi.EventFallingEdge);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), 17);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 42);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), 7);
        var raw = MemoryMarshal.Read<GpioUapi.LineEvent>(bytes);

        Assert.Equal(new GpioEdgeEvent(123_456_789_012, GpioEdge.Falling, 17, 42, 7), GpioLineRequest.Decode(raw));
    }

    [Fact]
    public void Opening_a_missing_chip_is_a_typed_error_with_errno()
    {
        var e = Assert.Throws<GpioException>(() => GpioChip.Open("/dev/gpiochip-does-not-exist"));
        Assert.Equal(2, e.Errno);
        Assert.Contains("/dev/gpiochip-does-not-exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_gpio_chip_refuses_the_line_request()
    {
        using var chip = GpioChip.Open("/dev/null");
        var e = Assert.Throws<GpioException>(() => chip.RequestEdgeEvents([0], new GpioLineSettings()));
        Assert.NotEqual(0, e.Errno);
    }
}
