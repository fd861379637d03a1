using System.Diagnostics;
using System.Globalization;
using Dream.Contracts;
using Dream.Crypto;
using Dream.Edge.Configuration;
using Dream.Edge.Intervals;
using Dream.Edge.MqttTransport;
using Dream.Edge.Outbox;
using Dream.Edge.Publishing;
using Dream.Edge.Service;
using Dream.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;

// Usage: Dream.Agent.Benchmarks <mosquitto port> [readings=20000]
// 1. sign+store rate into the SQLite outbox (WAL, synchronous=FULL: one fsync per reading);
// 2. backlog drain: the agent's ReadingPublisher sends the whole outbox (batches of 100) to Mosquitto, a
//    subscriber counts envelopes; 3. the ceiling: the same batch messages published raw with Dream.Mqtt.
var port = int.Parse(args[0], CultureInfo.InvariantCulture);
var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
var directory = Directory.CreateTempSubdirectory("dream-agent-bench-").FullName;
using var device = Ed25519PrivateKey.Generate();
using var ga = Ed25519PrivateKey.Generate();
var passport = new string('e', 64);
var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

using var store = OutboxStore.Open(Path.Combine(directory, "outbox.db"), count + 10);
var storeWatch = Stopwatch.StartNew();
var storeCount = Math.Min(count, 2_000);
for (var i = 0; i < count; i++)
{
    var start = t0 + (i * 900_000L);
    var closed = new ClosedInterval(start, start + 900_000, 1_000_000 + (i * 250L), 5_000, 250, 0, 400, 1_000, 2_000, 90, ReadingQuality.None);
    store.Append("main", closed, (seq, prev) => SignedReading.Create(new IntervalReading
    {
        Device = device.PublicKey.Did, Passport = passport, Sequence = seq, StartMs = closed.StartMs, EndMs = closed.EndMs,
        ImportWh = closed.ImportWh, ExportWh = closed.ExportWh, DeltaImportWh = closed.DeltaImportWh, DeltaExportWh = closed.DeltaExportWh,
        MinW = closed.MinW, AvgW = closed.AvgW, MaxW = closed.MaxW, Samples = closed.Samples, Flags = closed.Flags, PreviousHash = prev,
    }, device));
    if (i + 1 == storeCount)
    {
        storeWatch.Stop();
    }
}

var storeRate = storeCount / storeWatch.Elapsed.TotalSeconds;
Console.WriteLine($"sign + store (fsync per reading): {storeRate:F0} readings/s over {storeCount}");

MqttClientOptions Options(string id) => new() { Host = "127.0.0.1", Port = port, ClientId = id };

async Task<(MqttClient Client, Task<TimeSpan> Done)> SubscriberAsync(string topic, int expected)
{
    var client = new MqttClient(Options("bench-sub-" + Guid.NewGuid().ToString("N")));
    await client.ConnectAsync();
    await client.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);
    var watch = new Stopwatch();
    var done = Task.Run(async () =>
    {
        var seen = 0;
        await foreach (var m in client.Messages.ReadAllAsync())
        {
            watch.Start();
            seen += EnvelopeBatch.Parse(m.Payload).Count;
            if (seen >= expected)
            {
                return watch.Elapsed;
            }
        }

        return watch.Elapsed;
    });
    return (client, done);
}

// 2. the agent's drain.
var status = new AgentStatus { Device = device.PublicKey.Did, StartedAtMs = t0 };
var (subscriber, received) = await SubscriberAsync(Topics.Readings(device.PublicKey.Did), count);
var transport = new MqttReadingTransport(new BrokerOptions { Host = "127.0.0.1", Port = port }, device.PublicKey.Did);
var publisher = new ReadingPublisher(transport, store, status, ga.PublicKey, TimeProvider.System, TimeSpan.FromMinutes(10), NullLogger.Instance);
using var stop = new CancellationTokenSource();
var drainWatch = Stopwatch.StartNew();
var run = publisher.RunAsync(stop.Token);
await received.WaitAsync(TimeSpan.FromMinutes(2));
drainWatch.Stop();
var drainRate = count / drainWatch.Elapsed.TotalSeconds;
await stop.CancelAsync();
try
{
    await run;
}
catch (OperationCanceledException)
{
}

await transport.DisposeAsync();
await subscriber.DisposeAsync();
Console.WriteLine($"backlog drain (agent publisher, batches of {ReadingPublisher.MaxBatch}): {count} readings in {drainWatch.Elapsed.TotalSeconds:F2} s = {drainRate:F0} readings/s");

// 3. ceiling: the same batch messages, pipelined raw through Dream.Mqtt to the same broker.
var messages = new List<byte[]>();
for (long from = 1; from <= count; from += ReadingPublisher.MaxBatch)
{
    messages.Add(EnvelopeBatch.Serialize(store.ReadFrom(from, ReadingPublisher.MaxBatch).Select(r => SignedEnvelope.Parse(r.Envelope)).ToList()));
}

var rawTopic = "bench/raw";
var (rawSubscriber, rawReceived) = await SubscriberAsync(rawTopic, count);
await using (var raw = new MqttClient(Options("bench-raw-" + Guid.NewGuid().ToString("N"))))
{
    await raw.ConnectAsync();
    var rawWatch = Stopwatch.StartNew();
    await Task.WhenAll(messages.Select(m => raw.PublishAsync(rawTopic, m, MqttQualityOfService.AtLeastOnce, false)));
    await rawReceived.WaitAsync(TimeSpan.FromMinutes(2));
    rawWatch.Stop();
    var rawRate = count / rawWatch.Elapsed.TotalSeconds;
    Console.WriteLine($"ceiling (same messages, pipelined raw QoS 1 through Mosquitto): {rawRate:F0} readings/s");
    Console.WriteLine($"RESULT agent_store_readings_per_s={storeRate:F0}");
    Console.WriteLine($"RESULT agent_backlog_drain_readings_per_s={drainRate:F0}");
    Console.WriteLine($"RESULT mosquitto_raw_readings_per_s={rawRate:F0}");
    Console.WriteLine($"RESULT agent_drain_vs_raw={drainRate / rawRate:F2}");
}

await rawSubscriber.DisposeAsync();
Directory.Delete(directory, recursive: true);
