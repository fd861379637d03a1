using System.Diagnostics;
using System.Globalization;
using Dream.Meters.Profiles;
using Dream.Meters.Reading;
using Dream.Meters.Simulation;
using Dream.Modbus;
using Dream.Modbus.Framing;
using Dream.Modbus.Server;
using Dream.Serial;

// A full read of an Eastron SDM630 (every quantity of its profile) at 9600 baud: requests and wire time of our
// poll plan, beside one request per quantity (what naive drivers do) and beside the theoretical minimum (the
// needed registers packed into the fewest 125-register reads, as if they were contiguous). Then the same read
// through a pseudo-terminal, beside a raw echo of the same bytes on the same pseudo-terminal (the ceiling).
const int Baud = 9600;
var reads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
var repo = args.Length > 1 ? args[1] : FindRepository();
var profile = ProfileCatalog.Load([Path.Combine(repo, "hardware", "meters")]).Get("eastron-sdm630");
var map = MeterMap.FromProfile(profile);
var plan = MeterReader.PlanFor(map);

static double WireMs(int requests, int bytes) =>
    (RtuTiming.WireTime(bytes, Baud) + (RtuTiming.InterFrameSilence(Baud) * 2 * requests)).TotalMilliseconds;

// RTU bytes: request = unit + 5-byte PDU + CRC = 8; response = unit + fc + count + 2n + CRC = 5 + 2n.
var planBytes = plan.Sum(b => 8 + 5 + (2 * b.Count));
var naiveBytes = map.Quantities.Sum(q => 8 + 5 + (2 * q.Span.Count));
var needed = map.Quantities.Sum(q => q.Span.Count);
var minRequests = (needed + 124) / 125;
var minBytes = (minRequests * (8 + 5)) + (2 * needed);

Console.WriteLine($"SDM630 profile: {map.Quantities.Count} quantities, {needed} registers needed, at {Baud} baud (11 bits per character, 3.5 characters of silence around each frame)");
Console.WriteLine($"  our plan        : {plan.Count} request(s) [{string.Join(", ", plan.Select(b => $"FC{b.Function} {b.Address}+{b.Count}"))}], {planBytes} bytes, {WireMs(plan.Count, planBytes):0.0} ms on the wire");
Console.WriteLine($"  one per quantity: {map.Quantities.Count} requests, {naiveBytes} bytes, {WireMs(map.Quantities.Count, naiveBytes):0.0} ms on the wire");
Console.WriteLine($"  theoretical min : {minRequests} request(s), {minBytes} bytes, {WireMs(minRequests, minBytes):0.0} ms on the wire");

// Measured: the simulator behind a pseudo-terminal (which has no baud rate: this is the software's cost).
var dir = Directory.CreateTempSubdirectory("dream-bench-");
var link = Path.Combine(dir.FullName, "meter");
double measuredMs;
double ceilingMs;
long bytesPerRead;
using (var stop = new CancellationTokenSource())
{
    using (var terminal = PseudoTerminal.Open(link))
    {
        var meter = new SimulatedMeter(profile, new SimulationOptions());
        var serving = ModbusStreamServer.ServeAsync(terminal.Master, ModbusFraming.Rtu, meter, stop.Token);
        var address = MeterAddress.Parse($"rtu://{link}?baud=115200&unit=1");
        await using (var client = address.CreateClient(TimeSpan.FromSeconds(2), 0))
        {
            var reader = await MeterReader.CreateAsync(profile, client.Device(1));
            for (var i = 0; i < 20; i++)
            {
                await reader.ReadAsync(CancellationToken.None);
            }

            var sent = client.Statistics.BytesSent + client.Statistics.BytesReceived;
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < reads; i++)
            {
                await reader.ReadAsync(CancellationToken.None);
            }

            measuredMs = watch.Elapsed.TotalMilliseconds / reads;
            bytesPerRead = (client.Statistics.BytesSent + client.Statistics.BytesReceived - sent) / reads;
        }

        await stop.CancelAsync();
        try
        {
            await serving;
        }
        catch (OperationCanceledException)
        {
        }
    }
}

// Ceiling: the same frame sizes echoed raw over a fresh pseudo-terminal, no Modbus at all.
using (var terminal = PseudoTerminal.Open(link))
{
    await using var port = SerialPortStream.Open(new SerialPortSettings(link) { BaudRate = 115200 });
    var requests = plan.Select(_ => new byte[8]).ToList();
    var responses = plan.Select(b => new byte[5 + (2 * b.Count)]).ToList();
    var inbound = new byte[8];
    var watch = new Stopwatch();
    for (var round = 0; round < reads + 20; round++)
    {
        if (round == 20)
        {
            watch.Start();
        }

        for (var i = 0; i < plan.Count; i++)
        {
            await port.WriteAsync(requests[i]);
            await terminal.Master.ReadExactlyAsync(inbound);
            await terminal.Master.WriteAsync(responses[i]);
            await port.ReadExactlyAsync(responses[i]);
        }
    }

    ceilingMs = watch.Elapsed.TotalMilliseconds / reads;
}

dir.Delete(recursive: true);
Console.WriteLine($"Measured over a pseudo-terminal ({reads} reads): {measuredMs:0.00} ms per full read, {bytesPerRead} bytes; raw echo of the same frames (ceiling): {ceilingMs:0.00} ms");
Console.WriteLine("  (our time includes the 3.5-character silence kept before each request at 115200 baud, 1.75 ms, and decoding)");
Console.WriteLine(FormattableString.Invariant($"RESULT sdm630_requests_per_read={plan.Count}"));
Console.WriteLine(FormattableString.Invariant($"RESULT sdm630_requests_one_per_quantity={map.Quantities.Count}"));
Console.WriteLine(FormattableString.Invariant($"RESULT sdm630_requests_theoretical_min={minRequests}"));
Console.WriteLine(FormattableString.Invariant($"RESULT sdm630_wire_ms_9600={WireMs(plan.Count, planBytes):0.0}"));
Console.WriteLine(FormattableString.Invariant($"RESULT sdm630_wire_ms_9600_one_per_quantity={WireMs(map.Quantities.Count, naiveBytes):0.0}"));
Console.WriteLine(FormattableString.Invariant($"RESULT sdm630_wire_ms_9600_theoretical_min={WireMs(minRequests, minBytes):0.0}"));
Console.WriteLine(FormattableString.Invariant($"RESULT sdm630_bytes_per_read={bytesPerRead}"));
Console.WriteLine(FormattableString.Invariant($"RESULT sdm630_pty_ms_per_read={measuredMs:0.00}"));
Console.WriteLine(FormattableString.Invariant($"RESULT sdm630_pty_raw_echo_ms={ceilingMs:0.00}"));

static string FindRepository()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Dream.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Run from inside the repository, or pass its path as the second argument.");
}
