using System.Runtime.CompilerServices;
using System.Text;
using Dream.Contracts;
using Dream.Edge.Configuration;
using Dream.Edge.Transport;
using Dream.Mqtt;
using Dream.Mqtt.Transport;

namespace Dream.Edge.MqttTransport;

/// <summary>
/// <see cref="IReadingTransport"/> on Dream.Mqtt: the device's topics, QoS 1 for readings and status, a retained
/// "offline" will, and every Mqtt* failure mapped to a <see cref="TransportErrorKind"/>. One reconnect policy:
/// the client's (<see cref="ReconnectBackoff"/> between <see cref="MqttClientOptions.ReconnectMinDelay"/> and
/// <see cref="MqttClientOptions.ReconnectMaxDelay"/>), which paces the first connection's retries too.
/// </summary>
public sealed class MqttReadingTransport : IReadingTransport
{
    private readonly MqttClientOptions _options;
    private readonly MqttClient _client;
    private readonly string _device;

    public MqttReadingTransport(BrokerOptions broker, string device)
    {
        ArgumentNullException.ThrowIfNull(broker);
        _device = device;
        _options = new MqttClientOptions
        {
            Host = broker.Host,
            Port = broker.Port,
            ClientId = device,
            Username = broker.Username,
            Password = broker.Password,
            CleanStart = true,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(200),
            ReconnectMaxDelay = TimeSpan.FromSeconds(30),
            Tls = broker.Tls is null ? null : new MqttTlsOptions
            {
                CaFile = broker.Tls.CaFile,
                ClientCertificateFile = broker.Tls.CertFile,
                ClientKeyFile = broker.Tls.KeyFile,
            },
            Will = new MqttMessage
            {
                Topic = Topics.Status(device),
                Payload = Encoding.UTF8.GetBytes("{\"state\":\"offline\"}"),
                QoS = MqttQualityOfService.AtLeastOnce,
                Retain = true,
            },
        };
        _client = new MqttClient(_options);
        _client.Connected += (_, e) => Connected?.Invoke(this, new TransportConnectedEventArgs(e.IsReconnect));
        _client.Disconnected += (_, e) =>
        {
            var kind = e.ReasonCode is MqttReasonCode.NotAuthorized or MqttReasonCode.BadUserNameOrPassword ? TransportErrorKind.NotAuthorized : TransportErrorKind.Closed;
            Disconnected?.Invoke(this, new TransportDisconnectedEventArgs(kind, e.ReasonString ?? e.Exception?.Message ?? e.ReasonCode.ToString(), e.WillReconnect ? _options.ReconnectMinDelay : null));
        };
        _client.Reconnecting += (_, e) =>
        {
            if (e.PreviousFailure is { } failure)
            {
                var error = Map(failure);
                Disconnected?.Invoke(this, new TransportDisconnectedEventArgs(error.Kind, error.Message, e.Delay));
            }
        };
    }

    public event EventHandler<TransportConnectedEventArgs>? Connected;

    public event EventHandler<TransportDisconnectedEventArgs>? Disconnected;

    public bool IsConnected => _client.IsConnected;

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _client.ConnectAsync(cancellationToken);
                await _client.SubscribeAsync(Topics.Receipts(_device), MqttQualityOfService.AtLeastOnce, cancellationToken);
                return;
            }
            catch (Exception e) when (IsTransportFailure(e) && !cancellationToken.IsCancellationRequested)
            {
                var error = Map(e);
                var delay = ReconnectBackoff.Delay(attempt, _options.ReconnectMinDelay, _options.ReconnectMaxDelay);
                Disconnected?.Invoke(this, new TransportDisconnectedEventArgs(error.Kind, error.Message, delay));
                if (_client.IsConnected)
                {
                    await _client.DisconnectAsync(MqttReasonCode.NormalDisconnection, cancellationToken);
                }

                await Task.Delay(delay, _options.TimeProvider, cancellationToken);
            }
        }
    }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReceiptsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var topic = Topics.Receipts(_device);
        await foreach (var message in _client.Messages.ReadAllAsync(cancellationToken))
        {
            if (message.Topic == topic)
            {
                yield return message.Payload;
            }
        }
    }

    public Task PublishReadingsAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        PublishAsync(Topics.Readings(_device), message, retain: false, cancellationToken);

    public Task PublishStatusAsync(ReadOnlyMemory<byte> status, CancellationToken cancellationToken) =>
        PublishAsync(Topics.Status(_device), status, retain: true, cancellationToken);

    public void PublishLive(ReadOnlyMemory<byte> live)
    {
        if (!_client.IsConnected)
        {
            return;
        }

        _ = _client.PublishAsync(Topics.Live(_device), live, MqttQualityOfService.AtMostOnce, false, CancellationToken.None)
            .ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
    }

    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.DisconnectAsync(MqttReasonCode.NormalDisconnection, cancellationToken);
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            throw Map(e);
        }
    }

    public async ValueTask DisposeAsync() => await _client.DisposeAsync();

    private async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken)
    {
        MqttPublishResult result;
        try
        {
            result = await _client.PublishAsync(topic, payload, MqttQualityOfService.AtLeastOnce, retain, cancellationToken);
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            throw Map(e);
        }

        if (!result.IsSuccess)
        {
            var kind = result.ReasonCode == MqttReasonCode.NotAuthorized ? TransportErrorKind.NotAuthorized : TransportErrorKind.Refused;
            throw new TransportException(kind, $"{result.ReasonCode} {result.ReasonString}".TrimEnd());
        }
    }

    private static bool IsTransportFailure(Exception e) =>
        e is MqttConnectException or MqttSubscribeException or MqttConnectionLostException or MqttNotAcknowledgedException or MqttProtocolException
            or IOException or InvalidOperationException;

    /// <summary>The agent's word for what went wrong; the message keeps the broker's or the socket's.</summary>
    private static TransportException Map(Exception e) => e switch
    {
        TransportException known => known,
        MqttConnectException { ReasonCode: MqttReasonCode.NotAuthorized or MqttReasonCode.BadUserNameOrPassword } => new(TransportErrorKind.NotAuthorized, e.Message, e),
        MqttConnectException { ReasonCode: not null } => new(TransportErrorKind.Refused, e.Message, e),
        MqttConnectException or IOException => new(TransportErrorKind.Unreachable, e.Message, e),
        MqttSubscribeException => new(TransportErrorKind.Refused, e.Message, e),
        MqttNotAcknowledgedException => new(TransportErrorKind.NotAcknowledged, e.Message, e),
        _ => new(TransportErrorKind.Closed, e.Message, e),
    };
}
