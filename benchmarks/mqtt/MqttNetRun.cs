using System.Diagnostics;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MqttNetClientOptions = MQTTnet.MqttClientOptions;

namespace Dream.Mqtt.Benchmarks;

/// <summary>
/// One timed QoS 1 run with MQTTnet 5, doing what <see cref="DreamMqttRun"/> does. MQTTnet sends every
/// PublishAsync at once and never looks at the broker's Receive Maximum (it only reports it in the connect
/// result), so the window is the caller's: <paramref name="windowed"/> keeps at most that many PUBLISHes in
/// flight, as MQTT 5 requires and as Dream.Mqtt and libmosquitto do; without it every call goes out at once.
/// </summary>
internal static class MqttNetRun
{
    // MQTT 5 §3.2.2.3.3: a CONNACK without Receive Maximum means 65,535.
    private const int AbsentReceiveMaximum = 65_535;

    public static async Task<double> RunAsync(int port, int count, int size, string name, bool windowed)
    {
        var topic = $"bench/mqttnet/{name}";
        var factory = new MqttClientFactory();
        MqttNetClientOptions Options(string role) => new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId($"mqttnet-bench-{role}-{name}")
            .WithReceiveMaximum(1000)
            // One socket write per packet instead of header and payload apart: fewer system calls.
            .WithoutPacketFragmentation()
            .Build();

        using var subscriber = factory.CreateMqttClient();
        var received = 0;
        var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.ApplicationMessageReceivedAsync += _ =>
        {
            // MQTTnet sends the PUBACK once this handler returns, the same point at which Dream.Mqtt
            // acknowledges a message it has put in its buffer.
            if (Interlocked.Increment(ref received) == count)
            {
                allReceived.TrySetResult();
            }

            return Task.CompletedTask;
        };
        await subscriber.ConnectAsync(Options("sub"));
        await subscriber.SubscribeAsync(factory.CreateSubscribeOptionsBuilder()
            .WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

        using var publisher = factory.CreateMqttClient();
        var connected = await publisher.ConnectAsync(Options("pub"));
        var window = !windowed ? count
            : connected.ReceiveMaximum is { } granted and > 0 ? granted : AbsentReceiveMaximum;

        var payload = new byte[size];
        Random.Shared.NextBytes(payload);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();

        using var slots = new SemaphoreSlim(window);
        var stopwatch = Stopwatch.StartNew();
        var publishes = new Task<MqttClientPublishResult>[count];
        for (var i = 0; i < count; i++)
        {
            await slots.WaitAsync();
            publishes[i] = PublishAsync(publisher, message, slots);
        }

        var results = await Task.WhenAll(publishes);
        await allReceived.Task;
        stopwatch.Stop();
        if (results.Any(r => !r.IsSuccess))
        {
            throw new InvalidOperationException("A publish was refused.");
        }

        await publisher.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        await subscriber.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        return count / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<MqttClientPublishResult> PublishAsync(IMqttClient client, MqttApplicationMessage message, SemaphoreSlim slots)
    {
        try
        {
            return await client.PublishAsync(message);
        }
        finally
        {
            slots.Release();
        }
    }
}
