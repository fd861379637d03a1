using System.Text;
using System.Threading.Channels;
using Dream.Contracts;
using Dream.Crypto;
using Dream.Edge.Outbox;
using Dream.Edge.Service;
using Dream.Edge.Transport;
using Microsoft.Extensions.Logging;

namespace Dream.Edge.Publishing;

/// <summary>
/// Streams the outbox to the broker and prunes it on the ledger's receipts. Readings go out in sequence
/// order at QoS 1, several per message while a backlog drains. A PUBACK only moves the send cursor; a
/// reading leaves the outbox only when a receipt signed by the grid authority covers it. What a receipt
/// names as missing is sent again at once; after a reconnect or a receipt timeout, what no receipt accounts
/// for is sent again paced (a few readings a second). A refused reading is kept, reported and not resent
/// (unless the ledger says it may take it later). The ledger de-duplicates by sequence number.
/// </summary>
public sealed partial class ReadingPublisher
{
    public const int MaxBatch = 100;

    /// <summary>Batches awaiting their PUBACK at once while a backlog drains.</summary>
    public const int MaxBatchesInFlight = 8;

    /// <summary>Readings per message of a paced resend (after a receipt timeout or a reconnect), one message per <see cref="ResendPace"/>.</summary>
    public const int PacedBatch = 10;

    public static readonly TimeSpan ResendPace = TimeSpan.FromSeconds(1);

    /// <summary>A missing range already resent is not resent again for this long (receipts of older messages still name it).</summary>
    public static readonly TimeSpan MissingHoldoff = TimeSpan.FromSeconds(5);

    private readonly IReadingTransport _transport;
    private readonly OutboxStore _outbox;
    private readonly AgentStatus _status;
    private readonly Ed25519PublicKey _gridAuthority;
    private readonly string _device;
    private readonly TimeProvider _time;
    private readonly TimeSpan _receiptTimeout;
    private readonly ILogger _log;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly TaskCompletionSource _firstConnection = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ResendQueue _missing = new();
    private readonly ResendQueue _paced = new();
    private readonly Lock _receiptLock = new();
    private readonly Dictionary<long, bool> _refused = [];
    private readonly Dictionary<long, (long To, long Timestamp)> _recentResends = [];
    private long _next;
    private volatile bool _resendRequested = true;
    private volatile bool _pacedRequested;
    private long _nextPacedTimestamp;
    private long _lastProgressTimestamp;
    private long _seenThrough;
    private IReadOnlyList<SequenceRange> _lastMissing = [];
    private Task? _statusInFlight;

    public ReadingPublisher(IReadingTransport transport, OutboxStore outbox, AgentStatus status, Ed25519PublicKey gridAuthority, TimeProvider time, TimeSpan receiptTimeout, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(status);
        _transport = transport;
        _outbox = outbox;
        _status = status;
        _gridAuthority = gridAuthority;
        _device = status.Device;
        _time = time;
        _receiptTimeout = receiptTimeout;
        _log = log;
        foreach (var refusal in outbox.Refusals())
        {
            _refused[refusal.Sequence] = refusal.Retry;
        }

        ShowRefusals();
        _transport.Connected += (_, e) =>
        {
            // Unacknowledged publishes fail on a new session and the cursor goes back; what the broker had
            // acknowledged but no receipt covers yet is resent paced, in case the broker lost it.
            _pacedRequested |= e.IsReconnect;
            _status.Update(s => s.BrokerConnected = true);
            _status.Update(s => s.BrokerConnectedAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds());
            _status.Update(s => s.BrokerError = null);
            Wake();
        };
        _transport.Disconnected += (_, e) =>
        {
            _status.Update(s => s.BrokerConnected = false);
            _status.Update(s => s.BrokerError = e.Reason);
            if (!_firstConnection.Task.IsCompleted && e.RetryIn is { } delay)
            {
                LogConnectFailed(e.Kind, e.Reason, delay);
            }
            else
            {
                LogDisconnected(e.Kind, e.Reason);
            }
        };
    }

    /// <summary>Completes at the first successful broker connection.</summary>
    public Task FirstConnection => _firstConnection.Task;

    public bool IsConnected => _transport.IsConnected;

    /// <summary>Monotonic timestamp of the publish loop's last progress (or idle check): the watchdog's evidence.</summary>
    public long LastLoopTimestamp { get; private set; }

    /// <summary>A new reading is in the outbox.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // The transport retries the first connection itself, with the same policy as its reconnects.
        await _transport.ConnectAsync(cancellationToken);
        _status.Update(s => s.BrokerConnected = true);
        LogConnected();
        _firstConnection.TrySetResult();
        PublishStatus();
        var receipts = ReceiveAsync(cancellationToken);
        try
        {
            await PublishLoopAsync(cancellationToken);
        }
        finally
        {
            await receipts.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Unsigned live power, at most once: lost when disconnected, by design.</summary>
    public void PublishLive(string meterId, long timeMs, long powerW)
    {
        if (!_transport.IsConnected)
        {
            return;
        }

        _transport.PublishLive(Encoding.UTF8.GetBytes($"{{\"meter\":{System.Text.Json.JsonSerializer.Serialize(meterId, AgentStatusJsonContext.Default.String)},\"t\":{timeMs},\"w\":{powerW}}}"));
    }

    /// <summary>
    /// Publishes the status retained (QoS 1) in the background, when connected; never blocks the caller
    /// (a publish waits while the transport reconnects, and the housekeeping loop must not).
    /// </summary>
    public void PublishStatus()
    {
        if (!_transport.IsConnected || _statusInFlight is { IsCompleted: false })
        {
            return;
        }

        _statusInFlight = PublishStatusAsync();
    }

    private async Task PublishStatusAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _transport.PublishStatusAsync(_status.ToJson(), limit.Token);
        }
        catch (Exception e) when (e is TransportException or OperationCanceledException)
        {
            // The status is republished every minute; losing one copy is harmless.
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_transport.IsConnected)
        {
            try
            {
                await _transport.PublishStatusAsync(Encoding.UTF8.GetBytes("{\"state\":\"stopped\"}"), cancellationToken);
                await _transport.CloseAsync(cancellationToken);
            }
            catch (Exception e) when (e is TransportException or OperationCanceledException)
            {
                LogStopFailed(e.Message);
            }
        }
    }

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var payload in _transport.ReceiptsAsync(cancellationToken))
            {
                HandleReceipt(payload);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to the broker")]
    private partial void LogConnected();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot connect to the broker ({Kind}: {Reason}); retrying in {Delay}")]
    private partial void LogConnectFailed(TransportErrorKind kind, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broker connection lost ({Kind}): {Reason}")]
    private partial void LogDisconnected(TransportErrorKind kind, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The broker refused readings {First}-{Last}: {Kind} {Text}")]
    private partial void LogRefused(long first, long last, TransportErrorKind kind, string text);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backlog: sent {Count} readings ({First}-{Last}), {Remaining} still to send")]
    private partial void LogProgress(int count, long first, long last, long remaining);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readings from {First} were not acknowledged by the broker; sending them again")]
    private partial void LogNotAcknowledged(long first);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No receipt progress past reading {Oldest} within {Timeout}: sending {Count} readings again, paced")]
    private partial void LogReceiptTimeout(long oldest, TimeSpan timeout, long count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Receipt: readings through {Through} are in the ledger (log index {LogIndex})")]
    private partial void LogReceipt(long through, long logIndex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ignored a receipt: {Reason}")]
    private partial void LogBadReceipt(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not say goodbye to the broker: {Reason}")]
    private partial void LogStopFailed(string reason);
}
