namespace Dream.Meters.Tests;

/// <summary>Several meters of different models on one RS485 bus (a pseudo-terminal pair), read through one port.</summary>
public class SharedBusTests
{
    private static readonly ProfileCatalog Catalog = ProfileCatalog.Load([RepositoryRoot.MeterProfiles]);

    [Fact]
    public async Task Two_models_on_one_rtu_bus_are_identified_and_read_through_one_client()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        var bus = new Bus(new Dictionary<byte, SimulatedMeter>
        {
            [1] = new(Catalog.Get("eastron-sdm630"), new SimulationOptions { Units = new HashSet<byte> { 1 }, SerialNumber = "111" }),
            [2] = new(Catalog.Get("carlo-gavazzi-em340"), new SimulationOptions { Units = new HashSet<byte> { 2 }, SerialNumber = "EM222" }),
        });
        await using var meters = SerialPortStream.Open(new SerialPortSettings(pair.Second) { BaudRate = 9600 });
        using var stop = new CancellationTokenSource();
        var serving = ModbusStreamServer.ServeAsync(meters, ModbusFraming.Rtu, bus, stop.Token);

        var address = MeterAddress.Parse($"rtu://{pair.First}?baud=9600&parity=N");
        await using var client = address.CreateClient(TimeSpan.FromSeconds(5), 1);
        var eastron = client.Device(1, TimeSpan.FromMilliseconds(20));
        var gavazzi = client.Device(2, TimeSpan.FromMilliseconds(20));

        var first = await MeterIdentifier.IdentifyAsync(eastron, Catalog.All, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        var second = await MeterIdentifier.IdentifyAsync(gavazzi, Catalog.All, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(("eastron-sdm630", "111"), (first!.Profile.Id, first.Identity.SerialNumber));
        Assert.Equal(("carlo-gavazzi-em340", "EM222"), (second!.Profile.Id, second.Identity.SerialNumber));

        var readers = new[]
        {
            await MeterReader.CreateAsync(first.Profile, eastron),
            await MeterReader.CreateAsync(second.Profile, gavazzi),
        };

        // Both readers at once: the client puts their requests on the line one at a time.
        var snapshots = await Task.WhenAll(readers.Select(r => r.ReadAsync(CancellationToken.None))).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(snapshots, s => Assert.InRange(s["voltage_l1"]!.WholeUnits!.Value, 220, 240));
        Assert.Equal(19, snapshots[0].Quantities.Count(q => q.IsAvailable));
        Assert.Equal(17, snapshots[1].Quantities.Count(q => q.IsAvailable));
        Assert.Equal(0, client.Statistics.Retries);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => serving.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private sealed class Bus(Dictionary<byte, SimulatedMeter> meters) : IModbusDataModel
    {
        public bool HasUnit(byte unitId) => meters.ContainsKey(unitId);

        public ExceptionCode? ReadRegisters(byte unitId, FunctionCode functionCode, ushort address, Span<ushort> values) =>
            meters[unitId].ReadRegisters(unitId, functionCode, address, values);
    }
}
