using System.Net.Sockets;

namespace Dream.Mqtt.Tests.Fakes;

/// <summary>The server side of one client connection, speaking raw bytes (decoded with the codec for convenience).</summary>
public sealed class FakeBrokerConnection(Socket socket) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly NetworkStream _stream = new(socket, ownsSocket: true);
    private byte[] _buffer = new byte[1 << 16];
    private int _length;

    public async Task<MqttPacket> ReadAsync()
    {
        while (true)
        {
            if (MqttPacketDecoder.TryGetPacketLength(_buffer.AsSpan(0, _length), int.MaxValue, out var packetLength) && packetLength <= _length)
            {
                var packet = MqttPacketDecoder.Decode(_buffer.AsSpan(0, packetLength));
                _buffer.AsSpan(packetLength, _length - packetLength).CopyTo(_buffer);
                _length -= packetLength;
                return packet;
            }

            if (_length == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_length)).AsTask().WaitAsync(Timeout);
            if (read == 0)
            {
                throw new EndOfStreamException("The client closed the connection.");
            }

            _length += read;
        }
    }

    public async Task<T> ReadAsync<T>()
        where T : MqttPacket
    {
        var packet = await ReadAsync();
        return Assert.IsType<T>(packet);
    }

    /// <summary>Completes when the client closes its side (after any packets still unread).</summary>
    public async Task<List<MqttPacket>> ReadUntilClosedAsync()
    {
        var packets = new List<MqttPacket>();
        try
        {
            while (true)
            {
                packets.Add(await ReadAsync());
            }
        }
        catch (EndOfStreamException)
        {
            return packets;
        }
        catch (IOException)
        {
            return packets;
        }
    }

    public Task SendAsync(MqttPacket packet) => SendRawAsync(MqttPacketEncoder.Encode(packet).ToArray());

    public async Task SendRawAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes).AsTask().WaitAsync(Timeout);
        await _stream.FlushAsync();
    }

    public async Task<ConnectPacket> AcceptClientAsync(ConnAckPacket? connAck = null)
    {
        var connect = await ReadAsync<ConnectPacket>();
        await SendAsync(connAck ?? new ConnAckPacket());
        return connect;
    }

    /// <summary>Drops the TCP connection without DISCONNECT, like a crashed broker.</summary>
    public void Dispose() => _stream.Dispose();
}
