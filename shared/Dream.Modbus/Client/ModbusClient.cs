using Dream.Modbus.Framing;

namespace Dream.Modbus.Client;

/// <summary>A Modbus master on one bus. Several units share it; requests go one at a time (a serial line
/// carries one conversation). After an I/O or protocol error the connection is dropped and opened again on
/// the next attempt, so a half-read frame never poisons the next answer.</summary>
public sealed class ModbusClient : IAsyncDisposable
{
    private static readonly TimeSpan MaximumBackoff = TimeSpan.FromSeconds(5);

    private readonly Func<CancellationToken, ValueTask<Stream>> _connect;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<byte, long> _lastExchange = [];
    private Stream? _stream;
    private IModbusFramer? _framer;
    private bool _disposed;

    public ModbusClient(Func<CancellationToken, ValueTask<Stream>> connect, ModbusClientOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(connect);
        ArgumentNullException.ThrowIfNull(options);
        _connect = connect;
        Options = options;
        _time = timeProvider ?? TimeProvider.System;
    }

    public ModbusClientOptions Options { get; }

    public ModbusStatistics Statistics { get; } = new();

    public ModbusDevice Device(byte unitId, TimeSpan delayBetweenRequests = default) => new(this, unitId, delayBetweenRequests);

    public async Task<ushort[]> ReadRegistersAsync(byte unitId, FunctionCode functionCode, ushort address, ushort count, TimeSpan deviceDelay, CancellationToken cancellationToken)
    {
        var request = Read(functionCode, address, count, bits: false);
        return ModbusResponse.ParseRegisters(await ExecuteAsync(unitId, request, deviceDelay, cancellationToken), unitId, request);
    }

    public Task<ushort[]> ReadHoldingRegistersAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken) =>
        ReadRegistersAsync(unitId, FunctionCode.ReadHoldingRegisters, address, count, TimeSpan.Zero, cancellationToken);

    public Task<ushort[]> ReadInputRegistersAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken) =>
        ReadRegistersAsync(unitId, FunctionCode.ReadInputRegisters, address, count, TimeSpan.Zero, cancellationToken);

    public async Task<bool[]> ReadBitsAsync(byte unitId, FunctionCode functionCode, ushort address, ushort count, TimeSpan deviceDelay, CancellationToken cancellationToken)
    {
        var request = Read(functionCode, address, count, bits: true);
        return ModbusResponse.ParseBits(await ExecuteAsync(unitId, request, deviceDelay, cancellationToken), unitId, request);
    }

    public Task<bool[]> ReadCoilsAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken) =>
        ReadBitsAsync(unitId, FunctionCode.ReadCoils, address, count, TimeSpan.Zero, cancellationToken);

    public Task<bool[]> ReadDiscreteInputsAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken) =>
        ReadBitsAsync(unitId, FunctionCode.ReadDiscreteInputs, address, count, TimeSpan.Zero, cancellationToken);

    public Task WriteSingleCoilAsync(byte unitId, ushort address, bool value, CancellationToken cancellationToken) =>
        WriteAsync(unitId, new WriteSingleCoilRequest(address, value), TimeSpan.Zero, cancellationToken);

    public Task WriteSingleRegisterAsync(byte unitId, ushort address, ushort value, CancellationToken cancellationToken) =>
        WriteAsync(unitId, new WriteSingleRegisterRequest(address, value), TimeSpan.Zero, cancellationToken);

    public Task WriteMultipleCoilsAsync(byte unitId, ushort address, bool[] values, CancellationToken cancellationToken) =>
        WriteAsync(unitId, new WriteMultipleCoilsRequest(address, values), TimeSpan.Zero, cancellationToken);

    public Task WriteMultipleRegistersAsync(byte unitId, ushort address, ushort[] values, CancellationToken cancellationToken) =>
        WriteAsync(unitId, new WriteMultipleRegistersRequest(address, values), TimeSpan.Zero, cancellationToken);

    public async Task WriteAsync(byte unitId, ModbusRequest request, TimeSpan deviceDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pdu = await ExecuteAsync(unitId, request, deviceDelay, cancellationToken);
        if (unitId != 0)
        {
            ModbusResponse.CheckWriteEcho(pdu, unitId, request);
        }
    }

    public async Task<DeviceIdentification> ReadDeviceIdentificationAsync(byte unitId, DeviceIdCategory category, byte objectId, TimeSpan deviceDelay, CancellationToken cancellationToken)
    {
        var pdu = await ExecuteAsync(unitId, new ReadDeviceIdentificationRequest(category, objectId), deviceDelay, cancellationToken);
        return ModbusResponse.ParseDeviceIdentification(pdu, unitId);
    }

    /// <summary>Sends a request and returns the raw response PDU, retrying timeouts and damaged frames.</summary>
    public async Task<byte[]> ExecuteAsync(byte unitId, ModbusRequest request, TimeSpan deviceDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var pdu = request.ToPdu();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await WaitForDeviceAsync(unitId, deviceDelay, cancellationToken);
            Exception? last = null;
            for (var attempt = 0; attempt <= Options.Retries; attempt++)
            {
                if (attempt > 0)
                {
                    Statistics.AddRetry();
                    var backoff = Options.RetryBackoff * Math.Pow(2, attempt - 1);
                    await Task.Delay(backoff < MaximumBackoff ? backoff : MaximumBackoff, _time, cancellationToken);
                }

                try
                {
                    var framer = await EnsureConnectedAsync(cancellationToken);
                    Statistics.AddRequest();
                    return await framer.ExchangeAsync(unitId, pdu, Options.ResponseTimeout, cancellationToken);
                }
                catch (ModbusFramingMismatchException)
                {
                    await DropConnectionAsync();
                    throw;
                }
                catch (ModbusTimeoutException e)
                {
                    Statistics.AddTimeout();
                    last = e;
                    if (Options.Transport != ModbusTransportKind.SerialLine)
                    {
                        await DropConnectionAsync();
                    }
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
                {
                    last = e;
                    await DropConnectionAsync();
                }
                finally
                {
                    _lastExchange[unitId] = _time.GetTimestamp();
                }
            }

            throw Explain(unitId, last!);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await DropConnectionAsync();
        _gate.Dispose();
    }

    private static ReadRequest Read(FunctionCode functionCode, ushort address, ushort count, bool bits)
    {
        var request = new ReadRequest(functionCode, address, count);
        return request.IsBitRead == bits
            ? request
            : throw new ArgumentException($"{functionCode} reads {(bits ? "registers, not bits" : "bits, not registers")}.", nameof(functionCode));
    }

    private async Task WaitForDeviceAsync(byte unitId, TimeSpan deviceDelay, CancellationToken cancellationToken)
    {
        if (deviceDelay > TimeSpan.Zero && _lastExchange.TryGetValue(unitId, out var last))
        {
            var remaining = deviceDelay - _time.GetElapsedTime(last);
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining, _time, cancellationToken);
            }
        }
    }

    private async ValueTask<IModbusFramer> EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (_framer is not null)
        {
            return _framer;
        }

        _stream = await _connect(cancellationToken);
        _framer = Options.Framing == ModbusFraming.Tcp
            ? new TcpFramer(_stream, _time, Statistics)
            : new RtuFramer(_stream, Options.BaudRate, _time, Statistics);
        return _framer;
    }

    private async ValueTask DropConnectionAsync()
    {
        _framer = null;
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
            _stream = null;
        }
    }

    private Exception Explain(byte unitId, Exception last)
    {
        var attempts = Options.Retries + 1;
        var check = Options.Transport switch
        {
            ModbusTransportKind.SerialLine => $"Check: unit id {unitId} is the meter's address; baud rate ({Options.BaudRate?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}) and parity match the meter's settings; A/B wiring (swap A and B if unsure), common ground and 120 ohm termination at both bus ends.",
            ModbusTransportKind.RtuOverTcp => $"Check: the converter is in transparent (RTU) mode; if it speaks Modbus TCP use tcp:// instead of rtutcp://; unit id {unitId}, baud rate and parity of the converter's serial side match the meter.",
            _ => $"Check: unit id {unitId} (a gateway forwards it to the meter's RS485 address); if the device is a transparent serial converter use rtutcp:// instead of tcp://.",
        };
        var what = last switch
        {
            ModbusTimeoutException => "did not answer",
            ModbusProtocolException => "answered with damaged or unexpected frames",
            _ => "could not be reached",
        };
        var message = $"Unit {unitId} on {Options.Endpoint} {what} after {attempts} attempt(s): {last.Message} {check}";
        return last is ModbusTimeoutException
            ? new ModbusTimeoutException(message, last)
            : new ModbusProtocolException(message, last);
    }
}
