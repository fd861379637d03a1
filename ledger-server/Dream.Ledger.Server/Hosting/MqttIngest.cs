using System.Globalization;
using System.Threading.Channels;
using Dream.Contracts;
using Dream.Ledger.Ingest;
using Dream.Mqtt;
using Dream.Mqtt.Transport;
using Microsoft.Extensions.Logging;

namespace Dream.Ledger.Server.Hosting;

/// <summary>
/// Connects the engine to one broker: the shared readings subscription feeds <see cref="LedgerEngine.SubmitAsync"/>
/// (tagged with this broker's number), and the receipts <see cref="MqttIngestSet"/> routes here are published (QoS 1)
/// to each device's receipts topic.
/// </summary>
public sealed class MqttIngest : IAsyncDisposable
{
    /// <summary>Receipts waiting for this broker at most; beyond it a receipt is dropped (counted), as one lost in flight would be.</summary>
    public const int ReceiptQueueCapacity = 4 * ReceiptWindow;

    private readonly LedgerEngine _engine;
    private readonly int _broker;
    private readonly Channel<OutgoingReceipt> _receipts = Channel.CreateBounded<OutgoingReceipt>(new BoundedChannelOptions(ReceiptQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly MqttClient _client;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeProvider _wallTime;
    private readonly MqttClientOptions _options;
    private Task _pumps = Task.CompletedTask;
    private int _stopped;
    private bool _subscribed;
    private MqttConnectAttempt? _lastAttempt;

    /// <param name="wallTime">The clock <see cref="Problem"/> measures reconnect attempts on (the watchdog's).</param>
    /// <param name="broker">This broker's position in the configuration; receipts name it.</param>
    public MqttIngest(LedgerEngine engine, MqttConfig config, int broker, ILogger log, TimeProvider? wallTime = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        _engine = engine;
        _broker = broker;
        Name = config.Label();
        _log = log;
        _wallTime = wallTime ?? TimeProvider.System;
        var password = config.Password ?? (config.PasswordFile is { } file ? File.ReadAllText(file).Trim() : null);
        _options = new MqttClientOptions
        {
            Host = config.Host,
            Port = config.Port,
            ClientId = config.ClientId,
            Username = config.Username,
            Password = password,
            CleanStart = false,
            SessionExpiryInterval = config.SessionExpirySeconds,
            MessageBufferCapacity = config.MessageBufferCapacity,
            ReceiveMaximum = config.ReceiveMaximum,
            ReconnectMaxDelay = TimeSpan.FromSeconds(10),
            Tls = config.Tls ? new MqttTlsOptions { CaFile = config.CaFile, ClientCertificateFile = config.ClientCertificateFile, ClientKeyFile = config.ClientKeyFile } : null,
        };
        _client = new MqttClient(_options);
        _client.Reconnecting += (_, e) => Volatile.Write(ref _lastAttempt, new MqttConnectAttempt(_wallTime.GetTimestamp(), e.Delay));
        _client.Connected += (_, _) => StateChanged?.Invoke(this, EventArgs.Empty);
        _client.Disconnected += (_, _) => StateChanged?.Invoke(this, EventArgs.Empty);
    }

    public string Name { get; }

    /// <summary>Raised when the connection comes up or goes down.</summary>
    public event EventHandler? StateChanged;

    /// <summary>Connected, and the readings subscription was acknowledged at least once (the client renews it on every reconnect).</summary>
    public bool IsConnected => Volatile.Read(ref _subscribed) && _client.IsConnected;

    /// <summary>Queues a receipt for this broker; false when the queue is full (the broker is away or slow).</summary>
    public bool Offer(OutgoingReceipt receipt) => _receipts.Writer.TryWrite(receipt);

    /// <summary>
    /// Null while the ingest is connected or retrying as designed (the last reconnect attempt is due no more than
    /// its delay plus the connect timeout plus <paramref name="slack"/> ago); else why not.
    /// </summary>
    public string? Problem(TimeSpan slack)
    {
        if (IsConnected)
        {
            return null;
        }

        if (Volatile.Read(ref _lastAttempt) is not { } attempt)
        {
            return "MQTT is not connected and not reconnecting";
        }

        var since = _wallTime.GetElapsedTime(attempt.At);
        return since <= attempt.Delay + _options.ConnectTimeout + slack
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"MQTT is not connected and made no reconnect attempt for {since.TotalSeconds:0} s");
    }

    /// <summary>
    /// Connects (retrying with the client's own reconnect policy, <see cref="ReconnectBackoff"/>, until it succeeds
    /// or <paramref name="cancellationToken"/> fires), starts pumping, subscribes.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _client.Connected += (_, e) => OnConnected(e.Result.SessionPresent, e.IsReconnect);
        for (var attempt = 1; ; attempt++)
        {
            Volatile.Write(ref _lastAttempt, new MqttConnectAttempt(_wallTime.GetTimestamp(), TimeSpan.Zero));
            try
            {
                await _client.ConnectAsync(cancellationToken);
                break;
            }
            catch (MqttConnectException e)
            {
                LedgerLog.ConnectFailed(_log, Name, attempt, e.Message);
                var delay = ReconnectBackoff.Delay(attempt, _options.ReconnectMinDelay, _options.ReconnectMaxDelay);
                Volatile.Write(ref _lastAttempt, new MqttConnectAttempt(_wallTime.GetTimestamp(), delay));
                await Task.Delay(delay, cancellationToken);
            }
        }

        // The pumps run before the subscription is asked for: a resumed session delivers what the broker queued
        // right after CONNACK, ahead of the SUBACK, and once the client's message buffer is full its read loop
        // waits for the ingest pump. Started after SUBACK, the pump would wait for a SUBACK behind those messages.
        _pumps = Task.WhenAll(Task.Run(IngestAsync, CancellationToken.None), Task.Run(PublishReceiptsAsync, CancellationToken.None));
        await _client.SubscribeAsync(Topics.LedgerReadingsSubscription, MqttQualityOfService.AtLeastOnce, cancellationToken);
        Volatile.Write(ref _subscribed, true);
        StateChanged?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Stops taking readings and publishing receipts (each bounded), then closes the connection.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _pumps.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // Stopping is bounded: what was not submitted has no receipt, and its agent sends it again.
        }

        await _client.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stop.Dispose();
    }

    private void OnConnected(bool sessionPresent, bool reconnect)
    {
        if (reconnect && !sessionPresent)
        {
            // The broker forgot us (expired session, or a restart without persistence): what it had queued is gone;
            // agents resend what no receipt covers (the receipts name the gaps).
            LedgerLog.SessionLost(_log, Name);
        }
    }

    private async Task IngestAsync()
    {
        try
        {
            await foreach (var message in _client.Messages.ReadAllAsync(_stop.Token))
            {
                await _engine.SubmitAsync(message.Topic, message.Payload, _broker, _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Receipts in flight to the broker at most; the broker's receive maximum bounds them again below.</summary>
    private const int ReceiptWindow = 1024;

    private async Task PublishReceiptsAsync()
    {
        // A sliding window: the next receipt goes out as soon as any earlier one is acknowledged, never after a
        // whole group, so one slow acknowledgement does not hold back the receipts of the batches behind it.
        using var window = new SemaphoreSlim(ReceiptWindow, ReceiptWindow);
        try
        {
            await foreach (var receipt in _receipts.Reader.ReadAllAsync(_stop.Token))
            {
                await window.WaitAsync(_stop.Token);
                _ = PublishAsync(receipt).ContinueWith(_ => Release(window), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping.
        }

        // Let the receipts already handed to the client finish (or fail as the connection closes) before it is disposed.
        using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            for (var i = 0; i < ReceiptWindow; i++)
            {
                await window.WaitAsync(drain.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping is bounded: an agent resends what no receipt reached.
        }
    }

    private static void Release(SemaphoreSlim window)
    {
        try
        {
            window.Release();
        }
        catch (ObjectDisposedException)
        {
            // A publish that ended after the drain gave up: nothing waits for its slot any more.
        }
    }

    private async Task PublishAsync(OutgoingReceipt receipt)
    {
        try
        {
            var result = await _client.PublishAsync(receipt.Topic, receipt.Envelope, MqttQualityOfService.AtLeastOnce, retain: false, _stop.Token);
            if (result.IsSuccess)
            {
                _engine.Metrics.ReceiptPublished();
            }
            else
            {
                LedgerLog.ReceiptRefused(_log, receipt.Device, result.ReasonCode.ToString());
            }
        }
        catch (Exception e) when (e is MqttNotAcknowledgedException or MqttConnectionLostException or MqttProtocolException)
        {
            // The agent resends unreceipted readings; the duplicate brings a fresh receipt.
            LedgerLog.ReceiptLost(_log, receipt.Device, e.Message);
        }
    }
}
