using System.Diagnostics;

namespace Dream.Mqtt.Benchmarks;

/// <summary>One timed QoS 1 run with Dream.Mqtt: it keeps as many PUBLISHes in flight as the broker's Receive Maximum.</summary>
internal static class DreamMqttRun
{
    public static async Task<double> RunAsync(int port, int count, int size, string name)
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

        // Every call is made at once: the client itself holds back what exceeds the broker's Receive Maximum.
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
}
