namespace Dream.Modbus.Tests;

public class RtuOverTcpFramingTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Request_is_an_rtu_frame_and_the_answer_is_decoded()
    {
        byte[]? seen = null;
        await using var peer = new ScriptedPeer(async (s, _, ct) =>
        {
            seen = await ScriptedPeer.ReadAsync(s, 8, ct);
            await s.WriteAsync(Clients.Rtu("0104044366CCCD"), ct);
        });
        await using var client = Clients.To(peer.Port, ModbusTransportKind.RtuOverTcp);
        var values = await client.ReadInputRegistersAsync(1, 0, 2, CancellationToken.None).WaitAsync(Limit);
        Assert.Equal("01040000000271CB", Convert.ToHexString(seen!));
        Assert.Equal(new ushort[] { 0x4366, 0xCCCD }, values);
    }

    [Fact]
    public async Task Exception_response_becomes_a_typed_error()
    {
        await using var peer = ScriptedPeer.Answering(8, Clients.Rtu("028402"));
        await using var client = Clients.To(peer.Port, ModbusTransportKind.RtuOverTcp);
        var e = await Assert.ThrowsAsync<ModbusException>(() => client.ReadInputRegistersAsync(2, 0x5C, 2, CancellationToken.None).WaitAsync(Limit));
        Assert.Equal(ExceptionCode.IllegalDataAddress, e.Code);
    }

    [Fact]
    public async Task Garbage_is_a_crc_error_and_the_retry_succeeds()
    {
        await using var peer = new ScriptedPeer(async (s, index, ct) =>
        {
            await ScriptedPeer.ReadAsync(s, 8, ct);
            if (index == 0)
            {
                var damaged = Clients.Rtu("010302002A");
                damaged[4] ^= 0xFF;
                await s.WriteAsync(damaged, ct);
                await ScriptedPeer.ReadAsync(s, 8, ct);
            }

            await s.WriteAsync(Clients.Rtu("010302002A"), ct);
        });
        await using var client = Clients.To(peer.Port, ModbusTransportKind.RtuOverTcp, retries: 1);
        Assert.Equal(new ushort[] { 42 }, await client.ReadHoldingRegistersAsync(1, 0, 1, CancellationToken.None).WaitAsync(Limit));
        Assert.Equal(1, client.Statistics.Retries);
    }

    [Fact]
    public async Task Garbage_every_time_reports_the_crc_error_and_the_bytes()
    {
        await using var peer = ScriptedPeer.Answering(8, Convert.FromHexString("010302002AFFFF"));
        await using var client = Clients.To(peer.Port, ModbusTransportKind.RtuOverTcp);
        var e = await Assert.ThrowsAsync<ModbusProtocolException>(() => client.ReadHoldingRegistersAsync(1, 0, 1, CancellationToken.None).WaitAsync(Limit));
        Assert.Contains("CRC", e.Message, StringComparison.Ordinal);
        Assert.Contains("010302002AFFFF", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_from_another_unit_is_refused()
    {
        await using var peer = ScriptedPeer.Answering(8, Clients.Rtu("090302002A"));
        await using var client = Clients.To(peer.Port, ModbusTransportKind.RtuOverTcp);
        var e = await Assert.ThrowsAsync<ModbusProtocolException>(() => client.ReadHoldingRegistersAsync(1, 0, 1, CancellationToken.None).WaitAsync(Limit));
        Assert.Contains("unit 9", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Split_answer_then_trailing_noise_do_not_disturb_the_next_exchange()
    {
        await using var peer = new ScriptedPeer(async (s, _, ct) =>
        {
            await ScriptedPeer.ReadAsync(s, 8, ct);
            var answer = Clients.Rtu("010302002A");
            await s.WriteAsync(answer.AsMemory(0, 3), ct);
            await s.FlushAsync(ct);
            await Task.Delay(20, ct);
            await s.WriteAsync(answer[3..].Concat(new byte[] { 0x00, 0xFF, 0x13 }).ToArray(), ct);
            await ScriptedPeer.ReadAsync(s, 8, ct);
            await s.WriteAsync(Clients.Rtu("010302002B"), ct);
        });
        await using var client = Clients.To(peer.Port, ModbusTransportKind.RtuOverTcp);
        Assert.Equal(new ushort[] { 42 }, await client.ReadHoldingRegistersAsync(1, 0, 1, CancellationToken.None).WaitAsync(Limit));
        Assert.Equal(new ushort[] { 43 }, await client.ReadHoldingRegistersAsync(1, 0, 1, CancellationToken.None).WaitAsync(Limit));
    }

    [Fact]
    public async Task A_peer_answering_with_an_mbap_header_is_recognized()
    {
        await using var peer = ScriptedPeer.Answering(8, Convert.FromHexString("000100000007010304000100020000"[..26]));
        await using var client = Clients.To(peer.Port, ModbusTransportKind.RtuOverTcp, retries: 2);
        var e = await Assert.ThrowsAsync<ModbusFramingMismatchException>(() => client.ReadHoldingRegistersAsync(1, 0, 2, CancellationToken.None).WaitAsync(Limit));
        Assert.Equal(ModbusFraming.Tcp, e.Detected);
        Assert.Contains("tcp://", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silence_says_to_try_modbus_tcp()
    {
        await using var peer = new ScriptedPeer(async (s, _, ct) => await ScriptedPeer.ReadAsync(s, 8, ct));
        await using var client = Clients.To(peer.Port, ModbusTransportKind.RtuOverTcp, timeoutMs: 200);
        var e = await Assert.ThrowsAsync<ModbusTimeoutException>(() => client.ReadHoldingRegistersAsync(1, 0, 1, CancellationToken.None).WaitAsync(Limit));
        Assert.Contains("tcp://", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_arriving_before_a_request_are_discarded_not_taken_for_its_answer()
    {
        var firstDone = new TaskCompletionSource();
        var unsolicited = new TaskCompletionSource();
        await using var peer = new ScriptedPeer(async (s, _, ct) =>
        {
            await ScriptedPeer.ReadAsync(s, 8, ct);
            await s.WriteAsync(Clients.Rtu("010302002A"), ct);

            // Between two requests a duplicate answer arrives, as a slow device's late answer would.
            await firstDone.Task.WaitAsync(ct);
            await s.WriteAsync(Clients.Rtu("0103020063"), ct);
            await s.FlushAsync(ct);
            unsolicited.SetResult();
            await ScriptedPeer.ReadAsync(s, 8, ct);
            await s.WriteAsync(Clients.Rtu("010302002B"), ct);
        });
        await using var client = Clients.To(peer.Port, ModbusTransportKind.RtuOverTcp);
        Assert.Equal(new ushort[] { 42 }, await client.ReadHoldingRegistersAsync(1, 0, 1, CancellationToken.None).WaitAsync(Limit));
        firstDone.SetResult();
        await unsolicited.Task.WaitAsync(Limit);
        Assert.Equal(new ushort[] { 43 }, await client.ReadHoldingRegistersAsync(1, 0, 1, CancellationToken.None).WaitAsync(Limit));
    }

    [Fact]
    public async Task A_babbling_line_fails_the_request_instead_of_holding_the_bus()
    {
        await using var peer = new ScriptedPeer(async (s, _, ct) =>
        {
            await ScriptedPeer.ReadAsync(s, 8, ct);
            while (true)
            {
                await s.WriteAsync(new byte[] { 0x55, 0xAA, 0x55, 0xAA }, ct);
                await Task.Delay(5, ct);
            }
        });
        await using var client = Clients.To(peer.Port, ModbusTransportKind.RtuOverTcp, timeoutMs: 300);
        var e = await Assert.ThrowsAnyAsync<Exception>(() => client.ReadHoldingRegistersAsync(1, 0, 1, CancellationToken.None).WaitAsync(Limit));
        Assert.True(e is ModbusProtocolException or ModbusTimeoutException, e.ToString());
    }
}
