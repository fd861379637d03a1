using System.Buffers.Binary;
using System.Text;

namespace Dream.Mqtt.Protocol;

/// <summary>Bounds-checked reader of MQTT data types; any overrun or invalid value is a protocol error.</summary>
public ref struct MqttReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public MqttReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Remaining => _buffer.Length - _position;

    public readonly bool End => _position >= _buffer.Length;

    public byte ReadByte()
    {
        Need(1);
        return _buffer[_position++];
    }

    public ushort ReadUInt16()
    {
        Need(2);
        var value = BinaryPrimitives.ReadUInt16BigEndian(_buffer[_position..]);
        _position += 2;
        return value;
    }

    public uint ReadUInt32()
    {
        Need(4);
        var value = BinaryPrimitives.ReadUInt32BigEndian(_buffer[_position..]);
        _position += 4;
        return value;
    }

    public int ReadVariableByteInteger()
    {
        if (!VariableByteInteger.TryRead(_buffer[_position..], out var value, out var consumed))
        {
            throw new MqttProtocolException("Packet ends inside a variable byte integer.");
        }

        _position += consumed;
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        Need(count);
        var slice = _buffer.Slice(_position, count);
        _position += count;
        return slice;
    }

    public byte[] ReadBinary()
    {
        var length = ReadUInt16();
        return ReadBytes(length).ToArray();
    }

    public string ReadString()
    {
        var length = ReadUInt16();
        var bytes = ReadBytes(length);
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new MqttProtocolException("String is not valid UTF-8.", ex);
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new MqttProtocolException("String contains U+0000.");
        }

        return text;
    }

    public ReadOnlySpan<byte> ReadRest() => ReadBytes(Remaining);

    public readonly void ExpectEnd(string packetName)
    {
        if (!End)
        {
            throw new MqttProtocolException($"{packetName} has {Remaining} unexpected trailing bytes.");
        }
    }

    private readonly void Need(int count)
    {
        if (count > Remaining)
        {
            throw new MqttProtocolException("Packet is truncated.");
        }
    }
}
