using System.Net;
using Dream.Edge.Clock;
using Dream.Modbus;
using Dream.Modbus.Server;
using Dream.Systemd;

namespace Dream.Edge.Tests.Fixtures;

/// <summary>
/// What an in-process agent runs against: a real Mosquitto with the test ledger on it, and a Modbus TCP meter
/// (the "test" profile) serving <see cref="Registers"/>; one meter of 1-minute intervals of 10-second samples.
/// </summary>
public sealed class AgentBench : IAsyncDisposable
{
    public static readonly string Passport = new('b', 64);

    private readonly ModbusTcpServer _meterServer;

    private AgentBench(MosquittoProcess broker, FakeLedger ledger)
    {
        Broker = broker;
        Ledger = ledger;
        _meterServer = new ModbusTcpServer(new IPEndPoint(IPAddress.Loopback, 0), ModbusFraming.Tcp, Registers);
        _meterServer.Start();
    }

    public MosquittoProcess Broker { get; }

    public FakeLedger Ledger { get; }

    public SimulatedRegisters Registers { get; } = new();

    public static async Task<AgentBench> StartAsync()
    {
        var broker = await MosquittoProcess.StartAsync();
        var ledger = new FakeLedger(broker.Port);
        await ledger.StartAsync();
        return new AgentBench(broker, ledger);
    }

    /// <summary>An agent's options for the bench's one meter, broker and ledger.</summary>
    public AgentOptions Options(string meterId, string dataDirectory, int maxReadings = 1000, int receiptTimeoutSeconds = 300, long? maxPowerW = null) => new()
    {
        Meters = [new MeterOptions { Id = meterId, Uri = new Uri("tcp://127.0.0.1:" + _meterServer.LocalEndPoint.Port), Profile = "test", PassportId = Passport, IntervalMinutes = 1, SamplePeriodSeconds = 10, MaxPowerW = maxPowerW }],
        Broker = new BrokerOptions { Host = "127.0.0.1", Port = Broker.Port, ReceiptTimeoutSeconds = receiptTimeoutSeconds },
        GridAuthorityKey = Ledger.GridAuthority.PublicKey.Did,
        DataDirectory = dataDirectory,
        Outbox = new OutboxOptions { MaxReadings = maxReadings },
    };

    /// <summary>An agent (not yet run) on <paramref name="time"/> reading the bench's meter, whose rating is <paramref name="ratedMaxPowerW"/> if given.</summary>
    public HostedAgent NewAgent(AgentOptions options, Ed25519PrivateKey key, TimeProvider time, IClockSynchronization? clock = null, SystemdNotifier? notifier = null, long? ratedMaxPowerW = null) =>
        new(options, new ModbusTestMeter.Factory(_meterServer.LocalEndPoint.Port, ratedMaxPowerW), key, time, clock ?? new FixedClockSynchronization(true), notifier ?? new SystemdNotifier(null));

    public async ValueTask DisposeAsync()
    {
        await _meterServer.DisposeAsync();
        await Ledger.DisposeAsync();
        await Broker.DisposeAsync();
    }
}
