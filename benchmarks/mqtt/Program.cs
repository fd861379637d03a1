using System.Globalization;
using Dream.Mqtt.Benchmarks;

// QoS 1 end to end through a local broker: one publisher, one subscriber, same-size messages.
// The clock stops when the subscriber has every message and the publisher every PUBACK.
// Usage: Dream.Mqtt.Benchmarks <dream|mqttnet|mqttnet-unwindowed> <port> <count> <size>
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: Dream.Mqtt.Benchmarks <dream|mqttnet|mqttnet-unwindowed> <port> <count> <size>");
    return 2;
}

var port = int.Parse(args[1], CultureInfo.InvariantCulture);
var count = int.Parse(args[2], CultureInfo.InvariantCulture);
var size = int.Parse(args[3], CultureInfo.InvariantCulture);
(string Result, Func<int, string, Task<double>> Run)? client = args[0] switch
{
    "dream" => ("dream_mqtt_qos1", (n, name) => DreamMqttRun.RunAsync(port, n, size, name)),
    "mqttnet" => ("mqttnet_qos1", (n, name) => MqttNetRun.RunAsync(port, n, size, name, windowed: true)),
    "mqttnet-unwindowed" => ("mqttnet_unwindowed_qos1", (n, name) => MqttNetRun.RunAsync(port, n, size, name, windowed: false)),
    _ => null,
};
if (client is not { } chosen)
{
    Console.Error.WriteLine($"unknown client '{args[0]}': dream, mqttnet or mqttnet-unwindowed");
    return 2;
}

try
{
    await chosen.Run(Math.Min(count / 10, 10_000), "warmup");
    // CPU of the whole process (both clients, the runtime's threads): on a shared machine it moves far
    // less with the load than the rate does.
    var cpuBefore = Environment.CpuUsage.TotalTime;
    var rate = await chosen.Run(count, "bench");
    var cpuPerMessage = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMicroseconds / count;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{chosen.Result}_msgs_per_s {rate:F0}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{chosen.Result}_cpu_us_per_msg {cpuPerMessage:F1}"));
    return 0;
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    // One line the run script can print beside the figures: a client that cannot finish is a result too.
    var cause = e.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : "";
    Console.Error.WriteLine($"{args[0]} failed: {e.GetType().Name}: {e.Message}{cause}");
    return 1;
}
