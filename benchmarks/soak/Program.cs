using Dream.Soak.Benchmarks;

// Soak: a fleet of devices, each publishing one signed reading per message as a real agent does, at a fixed
// total rate through Mosquitto (configured as docs/guide-grid-authority.md says) into a real dream-ledger
// process. Every report period it prints what the ledger made durable per second, the backlog, the latency
// from publishing a reading to the receipt that covers it, the ledger's resident memory and CPU per reading,
// and the broker's drops; beside the machine's verify ceiling measured in the same run.
var options = SoakOptions.Parse(args);
Console.WriteLine($"soak: {options.Rate:N0} readings/s from {options.Devices:N0} devices for {options.Duration.TotalMinutes:F1} min, {options.Publishers} publisher connections; cores {Environment.ProcessorCount}");
var (verify1, verifyAll) = Ceilings.MeasureVerifies();
Console.WriteLine($"ceiling: Ed25519 verify {verify1:N0}/s on 1 core, {verifyAll:N0}/s on all cores");

// The test fixture's broker carries the flow-control lines of the grid authority's guide; $SYS counters every 5 s.
await using var broker = await MosquittoProcess.StartAsync("sys_interval 5");
using var temp = new TemporaryDirectory();
var fleet = await Fleet.CreateAsync(options, temp, broker);
var signing = Stopwatch.StartNew();
fleet.SignAll();
Console.WriteLine($"fleet: {fleet.Devices.Count * options.ReadingsPerDevice:N0} readings signed in {signing.Elapsed.TotalSeconds:F0} s before the clock starts");
// The set-up ledger ran in this process on the same broker; a restart makes the broker forget its session.
await broker.StopAsync();
await broker.StartAgainAsync();

await using var ledger = await LedgerProcess.StartAsync(options.Ledger, fleet.ConfigFile, fleet.PublicUrl, temp.Combine("ledger.log"));
Console.WriteLine($"dream-ledger pid {ledger.Pid} ({options.Ledger ?? "the JIT build beside the soak"}) ready; {fleet.Devices.Count:N0} approved devices");

await using var receipts = new ReceiptWatcher(broker.Port, fleet);
await receipts.StartAsync();
var publishers = new List<Publisher>();
for (var p = 0; p < options.Publishers; p++)
{
    publishers.Add(await Publisher.ConnectAsync(broker.Port, p, fleet, options));
}

var window = new SoakWindow(ledger, receipts, publishers, broker);
var reports = new List<SoakReport>();
var generatorAtStart = Process.GetCurrentProcess().TotalProcessorTime;
var brokerAtStart = ProcessStats.ChildrenCpu("mosquitto");
var clock = Stopwatch.StartNew();
using var stop = new CancellationTokenSource(options.Duration);
var publishing = Task.WhenAll(publishers.Select(p => p.RunAsync(clock, stop.Token)));
while (!publishing.IsCompleted)
{
    await Task.WhenAny(publishing, Task.Delay(options.ReportPeriod));
    var report = await window.CloseAsync(clock.Elapsed);
    reports.Add(report);
    Console.WriteLine(report);
}

await publishing;
var published = publishers.Sum(p => p.Published);
var publishedIn = clock.Elapsed;
// What the ledger made durable while the fleet published: the sustained rate (the drain comes after).
var acceptedWhilePublishing = await ledger.AcceptedAsync();
Console.WriteLine($"published {published:N0} readings in {publishedIn.TotalSeconds:F0} s ({published / publishedIn.TotalSeconds:N0}/s); waiting for the receipts of the rest...");
var drained = await receipts.WaitForAllAsync(TimeSpan.FromMinutes(2));
var tail = await window.CloseAsync(clock.Elapsed);
reports.Add(tail);
Console.WriteLine($"{tail} (drain)");
var generatorCpu = Process.GetCurrentProcess().TotalProcessorTime - generatorAtStart;
var brokerCpu = ProcessStats.ChildrenCpu("mosquitto") - brokerAtStart;

var (_, verifyAllEnd) = Ceilings.MeasureVerifies();
verifyAll = Math.Max(verifyAll, verifyAllEnd);
var accepted = await ledger.AcceptedAsync();
var steady = reports.Where(r => r.Elapsed <= publishedIn && r.AcceptedInPeriod > 0).ToList();
var acceptedRate = acceptedWhilePublishing / publishedIn.TotalSeconds;
var latencies = receipts.AllLatenciesMs();
var p50 = Percentiles.Of(latencies, 0.50);
var p99 = Percentiles.Of(latencies, 0.99);
var rss = steady.Select(r => r.LedgerRssBytes).DefaultIfEmpty(ledger.ResidentBytes).ToList();
var cpuPerReading = ledger.Cpu.TotalMicroseconds / Math.Max(1, accepted);
var dropped = window.BrokerDropped;
Console.WriteLine($"sustained: {acceptedWhilePublishing:N0} accepted while publishing ({acceptedRate:N0}/s); total: {accepted:N0} accepted of {published:N0} published; {published - receipts.Receipted:N0} without a receipt after the drain ({(drained ? "drained" : "NOT drained within 2 min")})");
Console.WriteLine($"receipt latency over the run: p50 {p50:F0} ms, p99 {p99:F0} ms ({latencies.Count:N0} readings)");
Console.WriteLine($"ledger RSS: first {Mb(rss[0]):F0} MB, last {Mb(rss[^1]):F0} MB, max {Mb(rss.Max()):F0} MB; CPU {ledger.Cpu.TotalSeconds:F1} CPU-s = {cpuPerReading:F0} us per reading (one verify {1e6 / verify1:F0} us)");
Console.WriteLine($"this process (publishing the pre-signed fleet, watching receipts): {generatorCpu.TotalSeconds:F1} CPU-s; broker {brokerCpu.TotalSeconds:F1} CPU-s; load average {Ceilings.LoadAverage()}");
// On one machine the three share the cores: what a reading costs all of them beside what the cores allow at the target rate.
var generatorPerReading = generatorCpu.TotalMicroseconds / Math.Max(1, published);
var brokerPerReading = brokerCpu.TotalMicroseconds / Math.Max(1, published);
var budget = 1e6 * Environment.ProcessorCount / options.Rate;
Console.WriteLine($"CPU per reading: ledger {cpuPerReading:F0} us + this process {generatorPerReading:F0} us + broker {brokerPerReading:F0} us = {cpuPerReading + generatorPerReading + brokerPerReading:F0} us, of {budget:F0} us the {Environment.ProcessorCount} cores give each reading at {options.Rate:N0}/s");
// The database and its WAL, tree nodes, indexes and tiles' source included (the tiles directory beside it is not).
var database = temp.Combine("data", "ledger.db");
var diskBytes = new[] { database, database + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
var logSize = await ledger.LogSizeAsync();
var bytesPerEntry = diskBytes / (double)Math.Max(1, logSize);
Console.WriteLine($"storage: ledger.db and its WAL {Mb(diskBytes):F0} MB for {logSize:N0} log entries = {bytesPerEntry:F0} bytes per entry");
Console.WriteLine($"broker drops: {dropped:N0} ($SYS/broker/publish/messages/dropped) and {window.BrokerDropLines} 'dropped' log lines");
var goal = dropped == 0 && window.BrokerDropLines == 0 && published == receipts.Receipted && p99 <= 1000 && acceptedRate >= options.Rate * 0.95;
Console.WriteLine($"goal (nothing dropped, every reading receipted, p99 <= 1 s, >= 95 % of {options.Rate:N0}/s): {(goal ? "met" : "NOT met")}");
Results.Print("soak_target_readings_per_s", options.Rate);
Results.Print("soak_accepted_readings_per_s", acceptedRate);
Results.Print("soak_receipt_latency_p50_ms", p50);
Results.Print("soak_receipt_latency_p99_ms", p99);
Results.Print("soak_ledger_rss_mb_first", Mb(rss[0]));
Results.Print("soak_ledger_rss_mb_last", Mb(rss[^1]));
Results.Print("soak_ledger_rss_mb_max", Mb(rss.Max()));
Results.Print("soak_ledger_cpu_us_per_reading", cpuPerReading);
Results.Print("soak_generator_cpu_us_per_reading", generatorPerReading);
Results.Print("soak_broker_cpu_us_per_reading", brokerPerReading);
Results.Print("soak_cpu_budget_us_per_reading", budget);
Results.Print("soak_disk_bytes_per_entry", bytesPerEntry);
Results.Print("soak_broker_dropped", dropped + window.BrokerDropLines);
Results.Print("soak_readings_without_receipt", published - receipts.Receipted);
Results.Print("soak_ratio_to_verify_ceiling", acceptedRate / verifyAll, 2);
Results.Print("libsodium_verifies_per_s_all_cores", verifyAll);
Results.Print("soak_goal_met", goal ? 1 : 0);
foreach (var publisher in publishers)
{
    await publisher.DisposeAsync();
}

return goal ? 0 : 1;

static double Mb(long bytes) => bytes / 1048576.0;
