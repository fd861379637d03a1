using System.Collections.Concurrent;

namespace Dream.Mqtt.Tests.Mosquitto;

/// <summary>A broker restart in the middle of a QoS 1 stream, on a broker of its own.</summary>
public sealed class MosquittoRestartTests : IAsyncLifetime
{
    private MosquittoProcess? _broker;

    private MosquittoProcess Broker => _broker!;

    public async Task InitializeAsync() => _broker = await TestBroker.StartAsync();

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    [Fact]
    public async Task Nothing_acknowledged_is_lost_and_nothing_unacknowledged_is_reported_sent()
    {
        var subscriberOptions = Broker.ClientOptions("ledger", clientId: "ledger-restart");
        subscriberOptions.SessionExpiryInterval = 3600;
        // Mosquitto 2.0 writes only sessions created with Clean Start = 0 to its persistence file.
        subscriberOptions.CleanStart = false;
        await using var subscriber = new MqttClient(subscriberOptions);
        await subscriber.ConnectAsync().Within();
        await subscriber.SubscribeAsync("dream/v1/+/readings").Within();
        var publisherOptions = Broker.ClientOptions("device1", clientId: "device1-restart");
        publisherOptions.SessionExpiryInterval = 3600;
        publisherOptions.CleanStart = false;
        await using var publisher = new MqttClient(publisherOptions);
        var reconnects = new ConcurrentQueue<MqttConnectedEventArgs>();
        var disconnects = new ConcurrentQueue<MqttDisconnectedEventArgs>();
        publisher.Connected += (_, e) => reconnects.Enqueue(e);
        publisher.Disconnected += (_, e) => disconnects.Enqueue(e);
        await publisher.ConnectAsync().Within();

        // A continuous stream with up to 50 publishes outstanding. The broker restarts at message 200, and
        // the stream goes on until 100 more were published after the publisher is back.
        var publishes = new List<Task<MqttPublishResult>>();
        Task? restart = null;
        var stopAt = int.MaxValue;
        for (var i = 0; i < stopAt && i < 100_000; i++)
        {
            publishes.Add(publisher.PublishAsync("dream/v1/device1/readings", Encoding.UTF8.GetBytes($"r{i:D6}")));
            if (publishes.Count > 50)
            {
                await Outcome(publishes[^51]);
            }

            if (i == 200)
            {
                restart = Broker.RestartAsync();
            }

            if (stopAt == int.MaxValue && restart is { IsCompleted: true } && reconnects.Any(e => e.IsReconnect))
            {
                await restart;
                stopAt = i + 100;
            }
        }

        var acknowledged = new List<string>();
        var notAcknowledged = 0;
        for (var i = 0; i < publishes.Count; i++)
        {
            if (await Outcome(publishes[i]) is { } result)
            {
                Assert.True(result.ReasonCode == MqttReasonCode.Success, $"r{i:D6}: {result.ReasonCode}\n{Broker.Log}");
                acknowledged.Add($"r{i:D6}");
            }
            else
            {
                notAcknowledged++;
            }
        }

        Assert.Equal(publishes.Count, acknowledged.Count + notAcknowledged);
        Assert.True(publishes.Count > 300);
        Assert.NotEmpty(disconnects);
        Assert.Contains(reconnects, e => e.IsReconnect && e.Result.SessionPresent);

        // Every acknowledged message reaches the subscriber, whose session also survived the restart.
        // (Its buffer holds them all; duplicates from resends are allowed.)
        var missing = new HashSet<string>(acknowledged);
        while (missing.Count > 0)
        {
            var message = await subscriber.Messages.ReadAsync().Within();
            missing.Remove(Encoding.UTF8.GetString(message.Payload.Span));
        }

        Assert.Empty(missing);
        // With persistence and resumed sessions, nothing needed to be handed back either.
        Assert.Equal(0, notAcknowledged);
    }

    private static async Task<MqttPublishResult?> Outcome(Task<MqttPublishResult> publish)
    {
        try
        {
            return await publish.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (MqttNotAcknowledgedException)
        {
            return null;
        }
    }
}
