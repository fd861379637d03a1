using System.Globalization;
using System.Text;
using Dream.Ledger.Ingest;
using Dream.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dream.Ledger.Server.Hosting;

/// <summary>
/// The ledger's brokers: one <see cref="MqttIngest"/> each (devices are partitioned across them), and the router
/// that sends each receipt back on the broker its device's readings came from. A hosted service of the ledger's
/// host, registered last of its services: it starts once HTTP serves (so <c>/readyz</c> answers while a broker is
/// still unreachable) and stops first, before the committer drains. Its start completes when the first broker is
/// connected; the others keep connecting, so one broker that is down does not keep the ledger from serving the rest.
/// </summary>
public sealed class MqttIngestSet : IHostedService, IAsyncDisposable
{
    private readonly LedgerEngine _engine;
    private readonly IReadOnlyList<MqttIngest> _ingests;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly long[] _dropped;
    private Task _connecting = Task.CompletedTask;
    private Task _router = Task.CompletedTask;
    private int _stopped;

    public MqttIngestSet(LedgerEngine engine, IReadOnlyList<MqttConfig> brokers, ILogger log, TimeProvider? wallTime = null)
    {
        ArgumentNullException.ThrowIfNull(brokers);
        if (brokers.Count == 0)
        {
            throw new ArgumentException("The ledger needs at least one broker.", nameof(brokers));
        }

        _engine = engine;
        _log = log;
        _ingests = [.. brokers.Select((config, i) => new MqttIngest(engine, config, i, log, wallTime))];
        _dropped = new long[_ingests.Count];
        foreach (var ingest in _ingests)
        {
            ingest.StateChanged += (_, _) => StateChanged?.Invoke(this, EventArgs.Empty);
        }
    }

    /// <summary>Raised when a broker's connection comes up or goes down.</summary>
    public event EventHandler? StateChanged;

    public IReadOnlyList<MqttIngest> Brokers => _ingests;

    public bool AllConnected => _ingests.All(i => i.IsConnected);

    /// <summary>The brokers not connected now, by name.</summary>
    public IReadOnlyList<string> Disconnected => [.. _ingests.Where(i => !i.IsConnected).Select(i => i.Name)];

    /// <summary>Receipts dropped because a broker's queue was full, per broker.</summary>
    public long Dropped(int broker) => Interlocked.Read(ref _dropped[broker]);

    /// <summary>Null while every broker is connected or retrying as designed; else why not (<see cref="MqttIngest.Problem"/>).</summary>
    public string? Problem(TimeSpan slack)
    {
        foreach (var ingest in _ingests)
        {
            if (ingest.Problem(slack) is { } problem)
            {
                return _ingests.Count == 1 ? problem : $"{ingest.Name}: {problem}";
            }
        }

        return null;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Each broker connects on the set's own token: those still connecting when the first is up go on after
        // the host's start has returned, until the set stops.
        var connects = _ingests.Select(i => i.StartAsync(_stop.Token)).ToList();
        _connecting = Task.WhenAll(connects);
        _router = Task.Run(RouteReceiptsAsync, CancellationToken.None);
        using var started = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var first = await Task.WhenAny(connects).WaitAsync(started.Token);
        await first;
    }

    /// <summary>Stops every broker's ingest (each bounded) and the router.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _connecting;
        }
        catch (Exception e) when (e is OperationCanceledException or MqttSubscribeException or MqttConnectionLostException or MqttNotAcknowledgedException or MqttProtocolException)
        {
            // A broker that never came up while the ledger ran; its Problem said so meanwhile.
        }

        await Task.WhenAll(_ingests.Select(i => i.StopAsync(cancellationToken)));
        await _router;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        foreach (var ingest in _ingests)
        {
            await ingest.DisposeAsync();
        }

        _stop.Dispose();
    }

    /// <summary>Per broker: connected (1/0) and receipts dropped, in the Prometheus text format.</summary>
    public string ToPrometheusText()
    {
        var text = new StringBuilder();
        text.Append("# HELP dream_ledger_mqtt_connected Whether the ledger is connected to the broker.\n# TYPE dream_ledger_mqtt_connected gauge\n");
        foreach (var ingest in _ingests)
        {
            text.Append(CultureInfo.InvariantCulture, $"dream_ledger_mqtt_connected{{broker=\"{ingest.Name}\"}} {(ingest.IsConnected ? 1 : 0)}\n");
        }

        text.Append("# HELP dream_ledger_receipts_dropped_total Receipts not published because the broker's receipt queue was full.\n# TYPE dream_ledger_receipts_dropped_total counter\n");
        for (var i = 0; i < _ingests.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"dream_ledger_receipts_dropped_total{{broker=\"{_ingests[i].Name}\"}} {Dropped(i)}\n");
        }

        return text.ToString();
    }

    private async Task RouteReceiptsAsync()
    {
        try
        {
            await foreach (var receipt in _engine.Receipts.ReadAllAsync(_stop.Token))
            {
                var broker = receipt.Broker < _ingests.Count ? receipt.Broker : 0;
                if (!_ingests[broker].Offer(receipt))
                {
                    // A broker that is away must not hold back the receipts of the others: a dropped receipt is
                    // what a lost one is, and the agent resends what none covers. Logged at each power of two.
                    var dropped = Interlocked.Increment(ref _dropped[broker]);
                    if ((dropped & (dropped - 1)) == 0)
                    {
                        LedgerLog.ReceiptsDropped(_log, _ingests[broker].Name, MqttIngest.ReceiptQueueCapacity, dropped);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
