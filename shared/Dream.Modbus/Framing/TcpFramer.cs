namespace Dream.Modbus.Framing;

/// <summary>Modbus TCP framing: a 7-byte MBAP header (transaction id, protocol id 0, length, unit id) before
/// the PDU. A response is matched to its request by transaction id; a stale answer to an earlier request
/// is skipped.</summary>
public sealed class TcpFramer : IModbusFramer
{
    private const int HeaderLength = 7;

    private readonly Stream _stream;
    private readonly TimeProvider _time;
    private readonly ModbusStatistics _statistics;
    private readonly ReceiveBuffer _received = new();
    private ushort _transactionId;

    public TcpFramer(Stream stream, TimeProvider? timeProvider = null, ModbusStatistics? statistics = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _time = timeProvider ?? TimeProvider.System;
        _statistics = statistics ?? new ModbusStatistics();
    }

    public ModbusFraming Framing => ModbusFraming.Tcp;

    public async Task<byte[]> ExchangeAsync(byte unitId, ReadOnlyMemory<byte> requestPdu, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var transactionId = ++_transactionId;
        var frame = new byte[HeaderLength + requestPdu.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, transactionId);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(4), (ushort)(requestPdu.Length + 1));
        frame[6] = unitId;
        requestPdu.Span.CopyTo(frame.AsSpan(HeaderLength));
        await _stream.WriteAsync(frame, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
        _statistics.AddSent(frame.Length);

        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        ushort? staleId = null;
        try
        {
            while (true)
            {
                await _received.FillAsync(_stream, HeaderLength, linked.Token);
                var header = _received.Span;
                var protocol = BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
                var length = BinaryPrimitives.ReadUInt16BigEndian(header[4..]);
                if (protocol != 0 || length < 2 || length > 254)
                {
                    await FailAsync(unitId, $"Not a Modbus TCP header (protocol {protocol}, length {length})", linked.Token);
                }

                await _received.FillAsync(_stream, 6 + length, linked.Token);
                var answer = _received.Span[..(6 + length)];
                var answerId = BinaryPrimitives.ReadUInt16BigEndian(answer);
                if (answerId != transactionId)
                {
                    staleId = answerId;
                    _received.Consume(answer.Length);
                    continue;
                }

                if (answer[6] != unitId)
                {
                    throw new ModbusProtocolException($"Asked unit {unitId}, the answer comes from unit {answer[6]}.");
                }

                var pdu = answer[HeaderLength..].ToArray();
                _statistics.AddReceived(answer.Length);
                _received.Consume(answer.Length);
                if (PduLength.OfResponse(pdu) != pdu.Length)
                {
                    throw new ModbusProtocolException($"The MBAP length ({length}) disagrees with the PDU inside it: {FrameShapes.Hex(pdu)}.");
                }

                return pdu;
            }
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var partial = _received.Span.ToArray();
            _received.Clear();
            if (FrameShapes.LooksLikeRtu(partial, unitId))
            {
                throw new ModbusFramingMismatchException(ModbusFraming.Tcp, ModbusFraming.Rtu);
            }

            if (staleId is ushort stale)
            {
                throw new ModbusProtocolException($"The answer carried transaction id {stale}; {transactionId} was expected.");
            }

            throw new ModbusTimeoutException(partial.Length == 0
                ? $"No answer from unit {unitId} within {timeout.TotalMilliseconds:0} ms."
                : $"Incomplete answer from unit {unitId} within {timeout.TotalMilliseconds:0} ms: {FrameShapes.Hex(partial)}.");
        }
    }

    private async Task FailAsync(byte unitId, string problem, CancellationToken cancellationToken)
    {
        // Let the rest of the answer arrive, to recognize an RTU frame in it.
        using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(50), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, quiet.Token);
        try
        {
            while (true)
            {
                await _received.ReadSomeAsync(_stream, linked.Token);
            }
        }
        catch (OperationCanceledException) when (quiet.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
        }
        catch (EndOfStreamException)
        {
        }

        var bytes = _received.Span.ToArray();
        _received.Clear();
        if (FrameShapes.LooksLikeRtu(bytes, unitId))
        {
            throw new ModbusFramingMismatchException(ModbusFraming.Tcp, ModbusFraming.Rtu);
        }

        throw new ModbusProtocolException($"{problem}: received {FrameShapes.Hex(bytes)}.");
    }
}
