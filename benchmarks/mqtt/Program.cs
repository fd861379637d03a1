using System.Diagnostics;
using System.Globalization;
using Dream.Mqtt;

// QoS 1 end to end through a local broker: one publisher, one subscriber, 300-byte messages.
// The clock stops when the subscriber has every message and the publisher every PUBACK.
// Usage: Dream.Mqtt.Benchmarks <port> <count> <size>
var port = int.Parse(args[0], CultureInfo.InvariantCulture);
var count = int.Parse(args[1], CultureInfo.InvariantCulture);
var size = int.Parse(args[2], CultureInfo.InvariantCulture);

await Run(port, Math.Min(count / 10, 10_000), size, "warmup");
var rate = await Run(port, count, size, "bench");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dream_mqtt_qos1_msgs_per_s {rate:F0}"));

static async Task<double> Run(int port, int count, int size, string name)
{
    var topic = $"bench/dream/{name}";
    MqttClientOptions Options(string role) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        ClientId = $"dream-bench-{role}-{name}",
        MessageBufferCapacity = 10_000,
        ReceiveMaximum = 1000,
    };

    await using var subscriber = new MqttClient(Options("sub"));
    await subscriber.ConnectAsync();
    await subscriber.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);
    await using var publisher = new MqttClient(Options("pub"));
    await publisher.ConnectAsync();

    var payload = new byte[size];
    Random.Shared.NextBytes(payload);
    var stopwatch = Stopwatch.StartNew();
    var receiving = Task.Run(async () =>
    {
        var received = 0;
        while (received < count && await subscriber.Messages.WaitToReadAsync())
        {
            while (received < count && subscriber.Messages.TryRead(out _))
            {
                received++;
            }
        }
    });

    var publishes = new Task<MqttPublishResult>[count];
    for (var i = 0; i < count; i++)
    {
        publishes[i] = publisher.PublishAsync(topic, payload, MqttQualityOfService.AtLeastOnce);
    }

    var results = await Task.WhenAll(publishes);
    await receiving;
    stopwatch.Stop();
    if (results.Any(r => !r.IsSuccess))
    {
        throw new InvalidOperationException("A publish was refused.");
    }

    return count / stopwatch.Elapsed.TotalSeconds;
}
