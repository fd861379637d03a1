using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Dream.Edge.Configuration;
using Dream.Edge.Metering;
using Dream.Mqtt;
using Microsoft.Extensions.Logging;

namespace Dream.Edge.HomeAssistant;

/// <summary>
/// Announces the gateway to Home Assistant on the prosumer's broker and keeps its states there. The configs go
/// out retained (QoS 1) at every connection and whenever Home Assistant publishes its "online" birth message;
/// the states go out retained at every sample. Nothing here can stop or slow the agent: the broker may be
/// absent, refuse us or vanish, and the readings still go to the ledger.
/// </summary>
public sealed partial class HomeAssistantPublisher : IAsyncDisposable
{
    private readonly MqttClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Channel<bool> _announce = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<string, byte[]> _lastState = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _stateInFlight = new(StringComparer.Ordinal);

    public HomeAssistantPublisher(HomeAssistantOptions options, HomeAssistantDiscovery discovery, TimeProvider time, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(discovery);
        Discovery = discovery;
        _time = time;
        _log = log;
        _client = new MqttClient(new MqttClientOptions
        {
            Host = options.Host,
            Port = options.Port,
            ClientId = discovery.NodeId,
            Username = options.Username,
            Password = options.Password,
            CleanStart = true,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(200),
            ReconnectMaxDelay = TimeSpan.FromSeconds(30),
            Will = new MqttMessage
            {
                Topic = discovery.AvailabilityTopic,
                Payload = Encoding.UTF8.GetBytes(HomeAssistantDiscovery.Offline),
                QoS = MqttQualityOfService.AtLeastOnce,
                Retain = true,
            },
            Tls = options.Tls is null ? null : new MqttTlsOptions
            {
                CaFile = options.Tls.CaFile,
                ClientCertificateFile = options.Tls.CertFile,
                ClientKeyFile = options.Tls.KeyFile,
            },
        });
        _client.Connected += (_, _) => _announce.Writer.TryWrite(true);
    }

    public HomeAssistantDiscovery Discovery { get; }

    /// <summary>Raised when the broker acknowledged a meter's state (meter id, sample time).</summary>
    public event Action<string, long>? StatePublished;

    /// <summary>Raised after every complete announcement (all configs, availability and the known states acknowledged).</summary>
    public event Action? Announced;

    /// <summary>Connects (retrying), then announces at every (re)connection and Home Assistant birth, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ConnectAsync(cancellationToken);
            var listen = ListenAsync(cancellationToken);
            try
            {
                await foreach (var _ in _announce.Reader.ReadAllAsync(cancellationToken))
                {
                    await AnnounceAsync(cancellationToken);
                }
            }
            finally
            {
                await listen.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// A meter's new sample: its state, retained (QoS 1, so the broker holds it before <see cref="StatePublished"/>),
    /// when connected. One publish per meter at a time: a sample that finds the previous one unacknowledged is
    /// skipped (the next replaces it), so a stalled broker cannot pile up messages.
    /// </summary>
    public void PublishState(string meterId, long timeMs, MeterSample sample)
    {
        var payload = HomeAssistantDiscovery.State(timeMs, sample);
        _lastState[meterId] = payload;
        if (!_client.IsConnected || (_stateInFlight.TryGetValue(meterId, out var previous) && !previous.IsCompleted))
        {
            return;
        }

        _stateInFlight[meterId] = PublishStateAsync(meterId, timeMs, payload);
    }

    /// <summary>Marks the gateway offline (retained) and disconnects.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            return;
        }

        try
        {
            await _client.PublishAsync(Discovery.AvailabilityTopic, Encoding.UTF8.GetBytes(HomeAssistantDiscovery.Offline), MqttQualityOfService.AtLeastOnce, true, cancellationToken);
            await _client.DisconnectAsync(MqttReasonCode.NormalDisconnection, cancellationToken);
        }
        catch (Exception e) when (e is MqttNotAcknowledgedException or MqttConnectionLostException or InvalidOperationException or OperationCanceledException or IOException)
        {
            // The will says offline when the connection drops anyway.
        }
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private async Task PublishStateAsync(string meterId, long timeMs, byte[] payload)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            var result = await _client.PublishAsync(Discovery.StateTopic(meterId), payload, MqttQualityOfService.AtLeastOnce, true, limit.Token);
            if (result.IsSuccess)
            {
                StatePublished?.Invoke(meterId, timeMs);
            }
        }
        catch (Exception e) when (e is MqttNotAcknowledgedException or MqttConnectionLostException or InvalidOperationException or OperationCanceledException or IOException)
        {
            // The next sample publishes the state again.
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await _client.ConnectAsync(cancellationToken);
                await _client.SubscribeAsync(Discovery.HomeAssistantStatusTopic, MqttQualityOfService.AtLeastOnce, cancellationToken);
                LogConnected(Discovery.NodeId);
                return;
            }
            catch (Exception e) when (e is MqttConnectException or MqttSubscribeException or MqttConnectionLostException or IOException)
            {
                LogConnectFailed(e.Message, delay);
                if (_client.IsConnected)
                {
                    await _client.DisconnectAsync(MqttReasonCode.NormalDisconnection, cancellationToken);
                }

                await Task.Delay(delay, _time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    /// <summary>Home Assistant's birth message ("online" on its status topic) means it may have lost the configs.</summary>
    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        await foreach (var message in _client.Messages.ReadAllAsync(cancellationToken))
        {
            if (message.Topic == Discovery.HomeAssistantStatusTopic && Encoding.UTF8.GetString(message.Payload.Span).Trim() == HomeAssistantDiscovery.Online)
            {
                _announce.Writer.TryWrite(true);
            }
        }
    }

    private async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var messages = Discovery.Configs().ToList();
            var configs = messages.Count;
            messages.Add((Discovery.AvailabilityTopic, Encoding.UTF8.GetBytes(HomeAssistantDiscovery.Online)));
            messages.AddRange(_lastState.Select(p => (Discovery.StateTopic(p.Key), p.Value)));
            foreach (var (topic, payload) in messages)
            {
                var result = await _client.PublishAsync(topic, payload, MqttQualityOfService.AtLeastOnce, true, cancellationToken);
                if (!result.IsSuccess)
                {
                    LogAnnounceFailed($"the broker refused {topic}: {result.ReasonString ?? result.ReasonCode.ToString()}");
                    return;
                }
            }

            LogAnnounced(configs);
            Announced?.Invoke();
        }
        catch (Exception e) when (e is MqttNotAcknowledgedException or MqttConnectionLostException or MqttProtocolException or InvalidOperationException or IOException)
        {
            // The next connection announces again.
            LogAnnounceFailed(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Home Assistant broker connected: announcing the gateway as {Node}")]
    private partial void LogConnected(string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Home Assistant broker: cannot connect ({Reason}); retrying in {Delay}")]
    private partial void LogConnectFailed(string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Home Assistant discovery: {Count} sensor configs published")]
    private partial void LogAnnounced(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Home Assistant discovery could not be published ({Reason}); it is sent again at the next connection")]
    private partial void LogAnnounceFailed(string reason);
}
