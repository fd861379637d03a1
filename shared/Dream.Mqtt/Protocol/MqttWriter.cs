using System.Buffers.Binary;
using System.Text;

namespace Dream.Mqtt.Protocol;

/// <summary>
/// Growable writer of MQTT data types. The first 5 bytes are reserved so that the encoder can write the
/// body first and then place the fixed header (whose length depends on the body's) right before it.
/// </summary>
public sealed class MqttWriter
{
    public const int HeaderReserve = 5;

    private byte[] _buffer;
    private int _position;

    public MqttWriter(int capacity = 256)
    {
        _buffer = new byte[Math.Max(capacity, 16) + HeaderReserve];
        _position = HeaderReserve;
    }

    /// <summary>Bytes written after the header reserve.</summary>
    public int BodyLength => _position - HeaderReserve;

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_position++] = value;
    }

    public void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_position), value);
        _position += 2;
    }

    public void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    public void WriteVariableByteInteger(int value)
    {
        Ensure(4);
        _position += VariableByteInteger.Write(_buffer.AsSpan(_position), value);
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_position));
        _position += value.Length;
    }

    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        if (value.Length > ushort.MaxValue)
        {
            throw new MqttProtocolException($"Binary data of {value.Length} bytes exceeds 65535 bytes.", MqttReasonCode.PacketTooLarge);
        }

        WriteUInt16((ushort)value.Length);
        WriteBytes(value);
    }

    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new MqttProtocolException("MQTT strings must not contain U+0000.");
        }

        var length = Encoding.UTF8.GetByteCount(value);
        if (length > ushort.MaxValue)
        {
            throw new MqttProtocolException($"String of {length} UTF-8 bytes exceeds 65535 bytes.", MqttReasonCode.PacketTooLarge);
        }

        WriteUInt16((ushort)length);
        Ensure(length);
        _position += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_position));
    }

    internal int Position => _position;

    /// <summary>Drops what was written after <paramref name="position"/> (used to omit optional trailers).</summary>
    internal void Truncate(int position) => _position = position;

    /// <summary>Inserts a variable byte integer at <paramref name="offset"/>, moving what follows.</summary>
    internal void InsertVariableByteInteger(int offset, int value)
    {
        var size = VariableByteInteger.SizeOf(value);
        Ensure(size);
        _buffer.AsSpan(offset, _position - offset).CopyTo(_buffer.AsSpan(offset + size));
        VariableByteInteger.Write(_buffer.AsSpan(offset), value);
        _position += size;
    }

    /// <summary>Writes the fixed header before the body and returns the whole packet.</summary>
    public ReadOnlyMemory<byte> Complete(byte firstByte, int maximumPacketSize)
    {
        var remaining = BodyLength;
        if (remaining > VariableByteInteger.MaxValue)
        {
            throw new MqttProtocolException("Packet body exceeds the MQTT maximum of 268435455 bytes.", MqttReasonCode.PacketTooLarge);
        }

        var headerSize = 1 + VariableByteInteger.SizeOf(remaining);
        var total = headerSize + remaining;
        if ((uint)total > (uint)maximumPacketSize)
        {
            throw new MqttProtocolException($"Packet of {total} bytes exceeds the maximum packet size of {maximumPacketSize} bytes.", MqttReasonCode.PacketTooLarge);
        }

        var start = HeaderReserve - headerSize;
        _buffer[start] = firstByte;
        VariableByteInteger.Write(_buffer.AsSpan(start + 1), remaining);
        return _buffer.AsMemory(start, total);
    }

    private void Ensure(int count)
    {
        if (_position + count <= _buffer.Length)
        {
            return;
        }

        var size = Math.Max(_buffer.Length * 2, _position + count);
        Array.Resize(ref _buffer, size);
    }
}
