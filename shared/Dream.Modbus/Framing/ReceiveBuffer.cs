namespace Dream.Modbus.Framing;

/// <summary>Bytes received but not yet consumed: frames may arrive split across reads, or several in one.</summary>
internal sealed class ReceiveBuffer
{
    private byte[] _buffer = new byte[512];

    public int Count { get; private set; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Count);

    /// <summary>Reads until at least <paramref name="count"/> bytes are buffered.</summary>
    /// <exception cref="EndOfStreamException">The peer closed the stream.</exception>
    public async ValueTask FillAsync(Stream stream, int count, CancellationToken cancellationToken)
    {
        while (Count < count)
        {
            await ReadSomeAsync(stream, cancellationToken);
        }
    }

    public async ValueTask<int> ReadSomeAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (_buffer.Length - Count < 256)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(Count), cancellationToken);
        if (read == 0)
        {
            throw new EndOfStreamException("The peer closed the connection.");
        }

        Count += read;
        return read;
    }

    public void Consume(int count)
    {
        Buffer.BlockCopy(_buffer, count, _buffer, 0, Count - count);
        Count -= count;
    }

    public void Clear() => Count = 0;
}
