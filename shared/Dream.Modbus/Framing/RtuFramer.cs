namespace Dream.Modbus.Framing;

/// <summary>RTU framing (unit + PDU + CRC-16) over any byte stream: a serial port, or a TCP socket to a
/// transparent serial-to-Ethernet converter. Frame ends are found from the PDU's content, so a USB adapter's
/// latency does not split frames; the inter-frame silence is kept before every request.</summary>
public sealed class RtuFramer : IModbusFramer
{
    private static readonly TimeSpan MinimumQuietPeriod = TimeSpan.FromMilliseconds(30);
    private static readonly TimeSpan MinimumSilenceCheck = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan MaximumDrain = TimeSpan.FromSeconds(1);

    private readonly Stream _stream;
    private readonly TimeSpan _silence;
    private readonly TimeProvider _time;
    private readonly ModbusStatistics _statistics;
    private readonly ReceiveBuffer _received = new();
    private long _lastActivity;

    public RtuFramer(Stream stream, int? baudRate, TimeProvider? timeProvider = null, ModbusStatistics? statistics = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _silence = baudRate is int baud ? RtuTiming.InterFrameSilence(baud) : RtuTiming.InterFrameSilence(38400);
        _time = timeProvider ?? TimeProvider.System;
        _statistics = statistics ?? new ModbusStatistics();
        _lastActivity = _time.GetTimestamp();
    }

    public ModbusFraming Framing => ModbusFraming.Rtu;

    public async Task<byte[]> ExchangeAsync(byte unitId, ReadOnlyMemory<byte> requestPdu, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await WaitForSilenceAsync(cancellationToken);

        // Bytes left from an earlier exchange (a late answer, line noise) are never the answer to this request.
        _received.Clear();
        var frame = new byte[requestPdu.Length + 3];
        frame[0] = unitId;
        requestPdu.Span.CopyTo(frame.AsSpan(1));
        Crc16.Append(frame, requestPdu.Length + 1);
        await _stream.WriteAsync(frame, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
        _statistics.AddSent(frame.Length);
        _lastActivity = _time.GetTimestamp();
        if (unitId == 0)
        {
            return [];
        }

        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            return await ReceiveAsync(unitId, linked.Token);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // A late answer must not be taken for the answer to the next request: wait until the line is quiet.
            await DrainAsync(cancellationToken);
            var partial = _received.Span.ToArray();
            _received.Clear();
            if (FrameShapes.LooksLikeMbap(partial, unitId))
            {
                throw new ModbusFramingMismatchException(ModbusFraming.Rtu, ModbusFraming.Tcp);
            }

            throw new ModbusTimeoutException(partial.Length == 0
                ? $"No answer from unit {unitId} within {timeout.TotalMilliseconds:0} ms."
                : $"Incomplete answer from unit {unitId} within {timeout.TotalMilliseconds:0} ms: {FrameShapes.Hex(partial)}.");
        }
        finally
        {
            _lastActivity = _time.GetTimestamp();
        }
    }

    private async Task<byte[]> ReceiveAsync(byte unitId, CancellationToken cancellationToken)
    {
        while (true)
        {
            await _received.FillAsync(_stream, 2, cancellationToken);
            if (_received.Span[0] != unitId)
            {
                await FailAsync(unitId, $"A frame from unit {_received.Span[0]} arrived while unit {unitId} was asked", cancellationToken);
            }

            int? pduLength;
            try
            {
                pduLength = PduLength.OfResponse(_received.Span[1..]);
            }
            catch (ModbusProtocolException e)
            {
                await FailAsync(unitId, e.Message, cancellationToken);
                throw;
            }

            if (pduLength is not int length)
            {
                await _received.ReadSomeAsync(_stream, cancellationToken);
                continue;
            }

            var total = length + 3;
            await _received.FillAsync(_stream, total, cancellationToken);
            if (!Crc16.IsValid(_received.Span[..total]))
            {
                await FailAsync(unitId, "CRC error (check baud rate, parity, termination and A/B wiring)", cancellationToken);
            }

            var pdu = _received.Span[1..(total - 2)].ToArray();
            _statistics.AddReceived(total);
            _received.Consume(total);
            return pdu;
        }
    }

    private async Task FailAsync(byte unitId, string problem, CancellationToken cancellationToken)
    {
        await DrainAsync(cancellationToken);
        var bytes = _received.Span.ToArray();
        _received.Clear();
        if (FrameShapes.LooksLikeMbap(bytes, unitId))
        {
            throw new ModbusFramingMismatchException(ModbusFraming.Rtu, ModbusFraming.Tcp);
        }

        throw new ModbusProtocolException($"{problem}: received {FrameShapes.Hex(bytes)}.");
    }

    /// <summary>Reads whatever is still arriving until the line is quiet, so the next request starts clean.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var quiet = _silence * 4 > MinimumQuietPeriod ? _silence * 4 : MinimumQuietPeriod;

        // A line that never goes quiet (a babbling device) must not hold the bus forever.
        using var limit = new CancellationTokenSource(MaximumDrain, _time);
        while (!cancellationToken.IsCancellationRequested)
        {
            using var quietSource = new CancellationTokenSource(quiet, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, quietSource.Token, limit.Token);
            try
            {
                await _received.ReadSomeAsync(_stream, linked.Token);
            }
            catch (OperationCanceledException) when (quietSource.IsCancellationRequested || limit.IsCancellationRequested)
            {
                return;
            }
            catch (EndOfStreamException)
            {
                return;
            }
        }
    }

    /// <summary>The line must be idle for 3.5 characters before a request. Bytes that arrive meanwhile (a late
    /// answer to an earlier request, noise) are read and discarded, and the silence starts over, so they are never
    /// taken for the answer to this request. At least one read is tried, for bytes that wait in the driver.</summary>
    private async Task WaitForSilenceAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var remaining = _silence - _time.GetElapsedTime(_lastActivity);
            var window = remaining > MinimumSilenceCheck ? remaining : MinimumSilenceCheck;
            using var windowSource = new CancellationTokenSource(window, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, windowSource.Token);
            try
            {
                await _received.ReadSomeAsync(_stream, linked.Token);
                _received.Clear();
                _lastActivity = _time.GetTimestamp();
            }
            catch (OperationCanceledException) when (windowSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
