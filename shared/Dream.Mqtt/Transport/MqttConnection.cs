using System.Net.Sockets;
using System.Threading.Channels;
using Dream.Mqtt.Packets;

namespace Dream.Mqtt.Transport;

/// <summary>
/// One network connection: frames packets off the stream, batches outgoing packets onto it, and sends
/// PINGREQ on the keep alive clock. It is used once: after any I/O or protocol error it closes for good
/// and reports why through <see cref="Closed"/>; the client then builds a new one.
/// </summary>
internal sealed class MqttConnection : IDisposable
{
    private const int BatchSize = 64 * 1024;
    private static readonly ReadOnlyMemory<byte> PingReq = MqttPacketEncoder.Encode(PingReqPacket.Instance);

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly int _maximumPacketSize;
    private readonly Channel<ReadOnlyMemory<byte>> _outgoing =
        Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<MqttConnectionClosure> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _readBuffer = new byte[BatchSize];
    private int _readStart;
    private int _readEnd;
    private Task _writeLoop = Task.CompletedTask;
    private ITimer? _keepAliveTimer;
    private TimeProvider _time = TimeProvider.System;
    private int _closing;
    private volatile bool _pingOutstanding;
    private volatile bool _waitingForConsumer;

    private MqttConnection(Socket socket, Stream stream, int maximumPacketSize)
    {
        _socket = socket;
        _stream = stream;
        _maximumPacketSize = maximumPacketSize;
    }

    public Task<MqttConnectionClosure> Closed => _closed.Task;

    public CancellationToken Stopping => _stop.Token;

    public static async Task<MqttConnection> OpenAsync(MqttClientOptions options, CancellationToken cancellationToken)
    {
        var (socket, stream) = await MqttTransport.OpenAsync(options, cancellationToken);
        return new MqttConnection(socket, stream, options.MaximumPacketSize);
    }

    /// <summary>Sends CONNECT and reads the CONNACK, before the loops start.</summary>
    public async Task<ConnAckPacket> HandshakeAsync(ReadOnlyMemory<byte> connect, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(connect, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
        while (true)
        {
            if (TryTakePacket(out var packet))
            {
                return packet switch
                {
                    ConnAckPacket connAck => connAck,
                    DisconnectPacket disconnect => throw new MqttConnectException(
                        $"The server disconnected during CONNECT: {disconnect.ReasonCode} {disconnect.Properties.ReasonString}", disconnect.ReasonCode),
                    _ => throw new MqttProtocolException($"Expected CONNACK, got {packet.Type}.", MqttReasonCode.ProtocolError),
                };
            }

            await FillAsync(cancellationToken);
        }
    }

    public void Start(Func<MqttPacket, MqttConnection, ValueTask> handler, TimeSpan keepAlive, TimeProvider time)
    {
        _time = time;
        _writeLoop = WriteLoopAsync();
        _ = ReadLoopAsync(handler);
        if (keepAlive > TimeSpan.Zero)
        {
            _keepAliveTimer = time.CreateTimer(_ => OnKeepAliveTick(), null, keepAlive, keepAlive);
        }
    }

    /// <summary>Queues bytes for the write loop; false once the connection is closing.</summary>
    public bool TrySend(ReadOnlyMemory<byte> packet) => _outgoing.Writer.TryWrite(packet);

    public void OnPingResponse() => _pingOutstanding = false;

    /// <summary>Sends a last DISCONNECT (if given), lets the write loop drain, then closes.</summary>
    public async Task CloseAsync(MqttConnectionClosure closure, ReadOnlyMemory<byte>? disconnect, TimeProvider time)
    {
        if (disconnect is { } bytes)
        {
            _outgoing.Writer.TryWrite(bytes);
        }

        _outgoing.Writer.TryComplete();
        try
        {
            await _writeLoop.WaitAsync(TimeSpan.FromSeconds(2), time);
        }
        catch (TimeoutException)
        {
            // A peer that does not read gets no more time; the socket is closed below either way.
        }

        Abort(closure);
    }

    /// <summary>Closes at once. The first reason given is the one reported.</summary>
    public void Abort(MqttConnectionClosure closure)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        _keepAliveTimer?.Dispose();
        _outgoing.Writer.TryComplete();
        _stop.Cancel();
        _stream.Dispose();
        _socket.Dispose();
        _closed.TrySetResult(closure);
    }

    /// <summary>Called once <see cref="Closed"/> has been observed and nothing uses the connection any more.</summary>
    public void Dispose()
    {
        Abort(new MqttConnectionClosure(MqttReasonCode.NormalDisconnection, null, null));
        _stop.Dispose();
    }

    private void OnKeepAliveTick()
    {
        // A read loop blocked on a full message buffer cannot see the PINGRESP: not the server's fault.
        if (_pingOutstanding && !_waitingForConsumer)
        {
            Abort(new MqttConnectionClosure(
                MqttReasonCode.KeepAliveTimeout, "No PINGRESP within the keep alive period.", new TimeoutException("Keep alive timed out.")));
            return;
        }

        _pingOutstanding = true;
        TrySend(PingReq);
    }

    /// <summary>Marks the read loop as waiting for the application to take messages.</summary>
    public void SetWaitingForConsumer(bool waiting) => _waitingForConsumer = waiting;

#pragma warning disable CA1031 // Whatever ends the loop ends the connection, and the reason is reported, not lost.
    private async Task ReadLoopAsync(Func<MqttPacket, MqttConnection, ValueTask> handler)
    {
        try
        {
            while (true)
            {
                while (TryTakePacket(out var packet))
                {
                    await handler(packet, this);
                }

                await FillAsync(_stop.Token);
            }
        }
        catch (MqttProtocolException ex)
        {
            var disconnect = MqttPacketEncoder.Encode(new DisconnectPacket
            {
                ReasonCode = ex.ReasonCode,
                Properties = new MqttProperties { ReasonString = ex.Message },
            });
            await CloseAsync(new MqttConnectionClosure(ex.ReasonCode, ex.Message, ex), disconnect, _time);
        }
        catch (Exception ex)
        {
            Abort(new MqttConnectionClosure(MqttReasonCode.UnspecifiedError, ex.Message, ex));
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new byte[BatchSize];
        var reader = _outgoing.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token))
            {
                var length = 0;
                while (reader.TryPeek(out var next))
                {
                    if (next.Length > batch.Length - length)
                    {
                        if (length == 0)
                        {
                            reader.TryRead(out _);
                            await _stream.WriteAsync(next, _stop.Token);
                        }

                        break;
                    }

                    reader.TryRead(out _);
                    next.Span.CopyTo(batch.AsSpan(length));
                    length += next.Length;
                }

                if (length > 0)
                {
                    await _stream.WriteAsync(batch.AsMemory(0, length), _stop.Token);
                }

                await _stream.FlushAsync(_stop.Token);
            }
        }
        catch (Exception ex)
        {
            Abort(new MqttConnectionClosure(MqttReasonCode.UnspecifiedError, ex.Message, ex));
        }
    }
#pragma warning restore CA1031

    private bool TryTakePacket(out MqttPacket packet)
    {
        var available = _readBuffer.AsSpan(_readStart, _readEnd - _readStart);
        if (MqttPacketDecoder.TryGetPacketLength(available, _maximumPacketSize, out var length) && length <= available.Length)
        {
            packet = MqttPacketDecoder.Decode(available[..length], _maximumPacketSize);
            _readStart += length;
            if (_readStart == _readEnd)
            {
                _readStart = _readEnd = 0;
            }

            return true;
        }

        packet = null!;
        return false;
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_readStart > 0)
        {
            _readBuffer.AsSpan(_readStart, _readEnd - _readStart).CopyTo(_readBuffer);
            _readEnd -= _readStart;
            _readStart = 0;
        }

        if (_readEnd == _readBuffer.Length)
        {
            // Only reached when one packet is larger than the buffer; its size was already checked.
            Array.Resize(ref _readBuffer, (int)Math.Min(_readBuffer.Length * 2L, _maximumPacketSize + 5L));
        }

        var read = await _stream.ReadAsync(_readBuffer.AsMemory(_readEnd), cancellationToken);
        if (read == 0)
        {
            throw new EndOfStreamException("The server closed the connection.");
        }

        _readEnd += read;
    }
}
