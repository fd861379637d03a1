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
    "dream" => ("dream_mqtt_qos1_msgs_per_s", (n, name) => DreamMqttRun.RunAsync(port, n, size, name)),
    "mqttnet" => ("mqttnet_qos1_msgs_per_s", (n, name) => MqttNetRun.RunAsync(port, n, size, name, windowed: true)),
    "mqttnet-unwindowed" => ("mqttnet_unwindowed_qos1_msgs_per_s", (n, name) => MqttNetRun.RunAsync(port, n, size, name, windowed: false)),
    _ => null,
};
if (client is not { } chosen)
{
    Console.Error.WriteLine($"unknown client '{args[0]}': dream, mqttnet or mqttnet-unwindowed");
    return 2;
}

await chosen.Run(Math.Min(count / 10, 10_000), "warmup");
var rate = await chosen.Run(count, "bench");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{chosen.Result} {rate:F0}"));
return 0;
