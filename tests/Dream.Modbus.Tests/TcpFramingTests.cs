namespace Dream.Modbus.Tests;

public class TcpFramingTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Exception_response_becomes_a_typed_error()
    {
        await using var peer = new ScriptedPeer(async (s, _, ct) =>
        {
            var request = await ScriptedPeer.ReadAsync(s, 12, ct);
            await s.WriteAsync(new byte[] { request[0], request[1], 0, 0, 0, 3, 1, 0x84, 0x02 }, ct);
        });
        await using var client = Clients.To(peer.Port, ModbusTransportKind.Tcp);
        var e = await Assert.ThrowsAsync<ModbusException>(() => client.ReadInputRegistersAsync(1, 0x5000, 2, CancellationToken.None).WaitAsync(Limit));
        Assert.Equal(ExceptionCode.IllegalDataAddress, e.Code);
        Assert.Equal(1, e.UnitId);
    }

    [Fact]
    public async Task A_response_split_into_single_bytes_is_reassembled()
    {
        await using var peer = new ScriptedPeer(async (s, _, ct) =>
        {
            var request = await ScriptedPeer.ReadAsync(s, 12, ct);
            byte[] answer = [request[0], request[1], 0, 0, 0, 7, 1, 0x03, 0x04, 0x12, 0x34, 0xAB, 0xCD];
            foreach (var b in answer)
            {
                await s.WriteAsync(new[] { b }, ct);
                await s.FlushAsync(ct);
            }
        });
        await using var client = Clients.To(peer.Port, ModbusTransportKind.Tcp);
        var values = await client.ReadHoldingRegistersAsync(1, 0, 2, CancellationToken.None).WaitAsync(Limit);
        Assert.Equal(new ushort[] { 0x1234, 0xABCD }, values);
    }

    [Fact]
    public async Task A_stale_answer_concatenated_before_the_right_one_is_skipped()
    {
        await using var peer = new ScriptedPeer(async (s, _, ct) =>
        {
            var request = await ScriptedPeer.ReadAsync(s, 12, ct);
            var stale = (ushort)(((request[0] << 8) | request[1]) - 1);
            byte[] both =
            [
                (byte)(stale >> 8), (byte)stale, 0, 0, 0, 5, 1, 0x03, 0x02, 0x00, 0x01,
                request[0], request[1], 0, 0, 0, 5, 1, 0x03, 0x02, 0x00, 0x02,
            ];
            await s.WriteAsync(both, ct);
        });
        await using var client = Clients.To(peer.Port, ModbusTransportKind.Tcp);
        Assert.Equal(new ushort[] { 2 }, await client.ReadHoldingRegistersAsync(1, 0, 1, CancellationToken.None).WaitAsync(Limit));
    }

    [Fact]
    public async Task Only_a_wrong_transaction_id_is_a_protocol_error()
    {
        await using var peer = new ScriptedPeer(async (s, _, ct) =>
        {
            var request = await ScriptedPeer.ReadAsync(s, 12, ct);
            await s.WriteAsync(new byte[] { (byte)(request[0] + 1), request[1], 0, 0, 0, 5, 1, 0x03, 0x02, 0x00, 0x01 }, ct);
        });
        await using var client = Clients.To(peer.Port, ModbusTransportKind.Tcp, timeoutMs: 300);
        var e = await Assert.ThrowsAsync<ModbusProtocolException>(() => client.ReadHoldingRegistersAsync(1, 0, 1, CancellationToken.None).WaitAsync(Limit));
        Assert.Contains("transaction id", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silence_is_a_timeout_that_says_what_to_check_after_every_retry()
    {
        await using var peer = new ScriptedPeer(async (s, _, ct) => await ScriptedPeer.ReadAsync(s, 12, ct));
        await using var client = Clients.To(peer.Port, ModbusTransportKind.Tcp, retries: 2, timeoutMs: 200);
        var e = await Assert.ThrowsAsync<ModbusTimeoutException>(() => client.ReadHoldingRegistersAsync(5, 0, 1, CancellationToken.None).WaitAsync(Limit));
        Assert.Contains("unit id 5", e.Message, StringComparison.Ordinal);
        Assert.Contains("rtutcp://", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, client.Statistics.Requests);
        Assert.Equal(2, client.Statistics.Retries);
        Assert.Equal(3, peer.Connections);
    }

    [Fact]
    public async Task A_peer_answering_in_rtu_framing_is_recognized()
    {
        await using var peer = ScriptedPeer.Answering(12, Clients.Rtu("01030400010002"));
        await using var client = Clients.To(peer.Port, ModbusTransportKind.Tcp, retries: 2);
        var e = await Assert.ThrowsAsync<ModbusFramingMismatchException>(() => client.ReadHoldingRegistersAsync(1, 0, 2, CancellationToken.None).WaitAsync(Limit));
        Assert.Equal(ModbusFraming.Rtu, e.Detected);
        Assert.Contains("rtutcp://", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, client.Statistics.Requests);
    }

    [Fact]
    public async Task A_short_rtu_exception_answer_is_recognized_too()
    {
        await using var peer = ScriptedPeer.Answering(12, Clients.Rtu("018302"));
        await using var client = Clients.To(peer.Port, ModbusTransportKind.Tcp, timeoutMs: 300);
        await Assert.ThrowsAsync<ModbusFramingMismatchException>(() => client.ReadHoldingRegistersAsync(1, 0, 2, CancellationToken.None).WaitAsync(Limit));
    }

    [Fact]
    public async Task Units_sharing_a_bus_are_asked_one_at_a_time()
    {
        var overlapping = 0;
        await using var peer = new ScriptedPeer(async (s, _, ct) =>
        {
            while (true)
            {
                var request = await ScriptedPeer.ReadAsync(s, 12, ct);
                await Task.Yield();
                if (s.DataAvailable)
                {
                    Interlocked.Increment(ref overlapping);
                }

                var unit = request[6];
                await s.WriteAsync(new byte[] { request[0], request[1], 0, 0, 0, 5, unit, 0x03, 0x02, 0x00, unit }, ct);
            }
        });
        await using var client = Clients.To(peer.Port, ModbusTransportKind.Tcp);
        var reads = Enumerable.Range(1, 20).Select(unit => client.Device((byte)unit).ReadRegistersAsync(FunctionCode.ReadHoldingRegisters, 0, 1, CancellationToken.None)).ToArray();
        var results = await Task.WhenAll(reads).WaitAsync(Limit);
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(i + 1, results[i][0]);
        }

        Assert.Equal(0, overlapping);
        Assert.Equal(1, peer.Connections);
    }

    [Fact]
    public async Task A_device_delay_holds_the_next_request_to_that_device()
    {
        var time = new SteppableTimeProvider(new DateTimeOffset(2026, 6, 21, 12, 0, 0, TimeSpan.Zero));
        var timersCreated = System.Threading.Channels.Channel.CreateUnbounded<TimeSpan>();
        time.TimerCreated += due => timersCreated.Writer.TryWrite(due);
        var requests = System.Threading.Channels.Channel.CreateUnbounded<int>();
        await using var peer = new ScriptedPeer(async (s, _, ct) =>
        {
            var count = 0;
            while (true)
            {
                var request = await ScriptedPeer.ReadAsync(s, 12, ct);
                requests.Writer.TryWrite(++count);
                await s.WriteAsync(new byte[] { request[0], request[1], 0, 0, 0, 5, request[6], 0x03, 0x02, 0x00, 0x07 }, ct);
            }
        });
        await using var client = Clients.To(peer.Port, ModbusTransportKind.Tcp, time: time);
        var meter = client.Device(1, TimeSpan.FromSeconds(2));
        await meter.ReadRegistersAsync(FunctionCode.ReadHoldingRegisters, 0, 1, CancellationToken.None).WaitAsync(Limit);
        Assert.Equal(1, await requests.Reader.ReadAsync().AsTask().WaitAsync(Limit));
        while (timersCreated.Reader.TryRead(out _))
        {
        }

        var second = meter.ReadRegistersAsync(FunctionCode.ReadHoldingRegisters, 0, 1, CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(2), await timersCreated.Reader.ReadAsync().AsTask().WaitAsync(Limit));
        Assert.False(requests.Reader.TryRead(out _));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(new ushort[] { 7 }, await second.WaitAsync(Limit));
        Assert.Equal(2, await requests.Reader.ReadAsync().AsTask().WaitAsync(Limit));
    }
}
