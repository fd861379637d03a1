using System.Buffers;

namespace Dream.Mqtt.Tests.Protocol;

/// <summary>Builds a multi-segment sequence so that decoding across segment boundaries is exercised.</summary>
internal sealed class TestSequence : ReadOnlySequenceSegment<byte>
{
    private TestSequence(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Split(byte[] bytes, int at)
    {
        var first = new TestSequence(bytes.AsMemory(0, at), 0);
        var last = new TestSequence(bytes.AsMemory(at), at);
        first.Next = last;
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
