using System.Globalization;
using System.Reflection;
using Dream.Contracts;
using Dream.Crypto;
using Dream.Edge.Clock;
using Dream.Edge.Configuration;
using Dream.Edge.HomeAssistant;
using Dream.Edge.Intervals;
using Dream.Edge.Metering;
using Dream.Edge.Outbox;
using Dream.Edge.Publishing;
using Dream.Mqtt;
using Dream.Systemd;
using Microsoft.Extensions.Logging;

namespace Dream.Edge.Service;

/// <summary>
/// The edge agent: one sampling loop per meter, the outbox, the publisher, status and systemd
/// notifications. <see cref="RunAsync"/> runs until cancelled.
/// </summary>
public sealed partial class Agent : IAsyncDisposable
{
    private readonly AgentOptions _options;
    private readonly Ed25519PrivateKey _deviceKey;
    private readonly SystemdNotifier _notifier;
    private readonly ILogger _log;
    private readonly List<MeterLoop> _loops = [];
    private readonly List<IMeter> _meters = [];
    private readonly TaskCompletionSource _firstSample = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ReadingPublisher _publisher;
    private readonly HomeAssistantPublisher? _homeAssistant;
    private bool _alarmedFull;
    private bool _alarmedNear;
    private string? _storageError;

    public Agent(AgentOptions options, IMeterFactory meterFactory, Ed25519PrivateKey deviceKey, TimeProvider time, IClockSynchronization clock, SystemdNotifier notifier, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(deviceKey);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = options;
        _deviceKey = deviceKey;
        Time = time;
        Clock = clock;
        _notifier = notifier;
        _log = loggers.CreateLogger("Dream.Edge.Agent");
        Directory.CreateDirectory(options.DataDirectory);
        Outbox = OutboxStore.Open(options.OutboxFile, options.Outbox.MaxReadings);
        Status = new AgentStatus
        {
            Device = deviceKey.PublicKey.Did,
            StartedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
            OutboxMax = options.Outbox.MaxReadings,
        };
        var gridAuthority = DidKey.Decode(options.GridAuthorityKey);
        _publisher = new ReadingPublisher(BrokerOptions(options.Broker, Status.Device), Outbox, Status, gridAuthority, time,
            TimeSpan.FromSeconds(options.Broker.ReceiptTimeoutSeconds), loggers.CreateLogger("Dream.Edge.Publisher"));
        if (options.HomeAssistant is { } homeAssistant)
        {
            var version = typeof(Agent).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            var discovery = new HomeAssistantDiscovery(homeAssistant, Status.Device, options.Meters.Select(m => m.Id), version);
            _homeAssistant = new HomeAssistantPublisher(homeAssistant, discovery, time, loggers.CreateLogger("Dream.Edge.HomeAssistant"));
        }

        var context = new MeterContext(time, Outbox);
        foreach (var meterOptions in options.Meters)
        {
            var meter = meterFactory.Create(meterOptions, context);
            _meters.Add(meter);
            var status = new MeterStatus { Id = meterOptions.Id, LastTickTimestamp = time.GetTimestamp() };
            Status.Meters.Add(status);
            _loops.Add(new MeterLoop(meterOptions, meter, this, status, loggers.CreateLogger("Dream.Edge.Meter")));
        }
    }

    public TimeProvider Time { get; }

    public IClockSynchronization Clock { get; }

    public OutboxStore Outbox { get; }

    public AgentStatus Status { get; }

    public string Device => Status.Device;

    /// <summary>Raised for every message of readings handed to the broker (new, missing, or paced resend).</summary>
    public event Action<PublishedBatch>? Published
    {
        add => _publisher.Published += value;
        remove => _publisher.Published -= value;
    }

    /// <summary>The Home Assistant discovery publisher; null when <c>homeAssistant</c> is not enabled.</summary>
    public HomeAssistantPublisher? HomeAssistant => _homeAssistant;

    /// <summary>Raised after every sampling tick (meter id, sample time, the reading stored if the tick closed one).</summary>
    public event Action<string, long, StoredReading?>? TickCompleted;

    /// <summary>Completes when the agent is ready: a first meter read and a first broker connection.</summary>
    public Task Ready => Task.WhenAll(_firstSample.Task, _publisher.FirstConnection);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        LogStarting(Device, _loops.Count, Outbox.Count, Outbox.Head.Sequence);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new List<Task> { _publisher.RunAsync(stop.Token), HousekeepingAsync(stop.Token), ReadyAsync(stop.Token) };
        if (_homeAssistant is not null)
        {
            tasks.Add(_homeAssistant.RunAsync(stop.Token));
        }

        tasks.AddRange(_loops.Select(l => l.RunAsync(stop.Token)));
        try
        {
            // The loops end only on cancellation; a fault in any of them stops the agent (systemd restarts it).
            var running = new List<Task>(tasks);
            while (running.Count > 0)
            {
                var finished = await Task.WhenAny(running);
                running.Remove(finished);
                await finished;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _notifier.Stopping();
            Status.Update(s => s.State = "stopped");
            await stop.CancelAsync();
            foreach (var task in tasks)
            {
                await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            WriteStatusFile();
            using var goodbye = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _publisher.StopAsync(goodbye.Token);
            if (_homeAssistant is not null)
            {
                await _homeAssistant.StopAsync(goodbye.Token);
            }

            LogStopped(Outbox.Head.Sequence, Outbox.Count);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _publisher.DisposeAsync();
        if (_homeAssistant is not null)
        {
            await _homeAssistant.DisposeAsync();
        }

        foreach (var meter in _meters)
        {
            await meter.DisposeAsync();
        }

        Outbox.Dispose();
    }

    internal StoredReading Store(MeterOptions meter, ClosedInterval closed)
    {
        var stored = Outbox.Append(meter.Id, closed, (sequence, previous) =>
            SignedReading.Create(closed.ToReading(Device, meter.PassportId, sequence, previous), _deviceKey));
        Status.Update(s => s.LastSequence = stored.Sequence);
        LogStored(meter.Id, stored.Sequence, closed.StartMs, closed.DeltaImportWh, closed.DeltaExportWh, closed.Flags);
        _alarmedFull = false;
        _publisher.Wake();
        return stored;
    }

    internal void OutboxFull(string message)
    {
        if (!_alarmedFull)
        {
            _alarmedFull = true;
            LogOutboxFull(message);
        }
    }

    /// <summary>The outbox could not be written (a full disk): logged once, alarmed until a write works.</summary>
    internal void StorageFailed(string message)
    {
        if (_storageError is null)
        {
            LogStorageFailed(message);
        }

        _storageError = message;
        Status.Update(s => s.StorageError = message);
    }

    internal void StorageRecovered()
    {
        if (_storageError is not null)
        {
            _storageError = null;
            Status.Update(s => s.StorageError = null);
            LogStorageRecovered();
        }
    }

    internal void SampleSucceeded(string meterId, long timeMs, MeterSample sample)
    {
        _firstSample.TrySetResult();
        _publisher.PublishLive(meterId, timeMs, sample.PowerW);
        _homeAssistant?.PublishState(meterId, timeMs, sample);
    }

    internal void Ticked(string meterId, long timeMs, StoredReading? stored) => TickCompleted?.Invoke(meterId, timeMs, stored);

    private static MqttClientOptions BrokerOptions(BrokerOptions broker, string device) => new()
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
    };

    private async Task ReadyAsync(CancellationToken cancellationToken)
    {
        await Ready.WaitAsync(cancellationToken);
        Status.Update(s => s.State = "running");
        _notifier.Ready();
        LogReady();
    }

    /// <summary>Status file, retained status, STATUS= line, alarms, and the watchdog: every few seconds.</summary>
    private async Task HousekeepingAsync(CancellationToken cancellationToken)
    {
        var watchdog = SystemdNotifier.WatchdogInterval();
        var period = watchdog is { } w ? TimeSpan.FromTicks(Math.Min(w.Ticks / 2, TimeSpan.FromSeconds(5).Ticks)) : TimeSpan.FromSeconds(5);
        var lastPublished = TimeSpan.Zero;
        var sinceStart = Time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            Refresh();
            if (SamplingIsHealthy())
            {
                _notifier.Watchdog();
            }
            else
            {
                LogUnhealthy();
            }

            _notifier.Status(StatusLine());
            WriteStatusFile();
            var elapsed = Time.GetElapsedTime(sinceStart);
            if (elapsed - lastPublished >= TimeSpan.FromMinutes(1) || lastPublished == TimeSpan.Zero)
            {
                lastPublished = elapsed == TimeSpan.Zero ? TimeSpan.FromTicks(1) : elapsed;
                _publisher.PublishStatus();
            }

            await Task.Delay(period, Time, cancellationToken);
        }
    }

    private void Refresh()
    {
        var count = Outbox.Count;
        var oldest = Outbox.Oldest;
        var clock = Clock.Query();
        var alarms = new List<string>();
        var ratio = (double)count / _options.Outbox.MaxReadings;
        if (count >= _options.Outbox.MaxReadings)
        {
            alarms.Add($"OUTBOX FULL: {count} unreceipted readings; new intervals are not stored (registers keep counting, the next stored reading covers the gap)");
        }
        else if (ratio >= _options.Outbox.AlarmRatio)
        {
            alarms.Add($"outbox {ratio:P0} full ({count} of {_options.Outbox.MaxReadings}): the ledger has not receipted readings since sequence {oldest?.Sequence}");
            if (!_alarmedNear)
            {
                _alarmedNear = true;
                LogOutboxNearlyFull(count, _options.Outbox.MaxReadings);
            }
        }
        else
        {
            _alarmedNear = false;
        }

        if (!clock.IsSynchronized)
        {
            alarms.Add("clock not synchronized: readings are flagged");
        }

        var unstored = Status.Update(s => s.Meters.Sum(m => m.UnstoredIntervals));
        if (Status.Update(s => s.StorageError) is { } storage)
        {
            alarms.Add($"OUTBOX NOT WRITABLE (disk full?): {storage} Sampling goes on; {unstored} closed intervals are held in memory (at most {MeterLoop.MaxUnstoredIntervals} per meter, then the oldest merge) and are stored when space returns.");
        }

        foreach (var refusal in Status.Update(s => s.Refusals.ToList()))
        {
            alarms.Add(refusal.Retry
                ? $"the ledger refuses reading {refusal.Sequence} for now ({refusal.Reason}: {refusal.Detail}); it is sent again every receipt timeout"
                : $"READING {refusal.Sequence} REFUSED by the ledger ({refusal.Reason}: {refusal.Detail}): it is kept but never resent; readings after it are sent but cannot be receipted until an operator acts (docs/agent.md)");
        }

        var now = Time.GetUtcNow().ToUnixTimeMilliseconds();
        Status.Update(s =>
        {
            s.UpdatedAtMs = now;
            s.OutboxDepth = count;
            s.OldestUnreceiptedSequence = oldest?.Sequence;
            s.OldestUnreceiptedEndMs = oldest?.EndMs;
            s.ClockSynchronized = clock.IsSynchronized;
            s.UnstoredIntervals = unstored;
            foreach (var m in s.Meters.Where(m => m.LastErrorAtMs is { } at && (m.LastSampleAtMs is null || m.LastSampleAtMs < at)))
            {
                alarms.Add($"meter {m.Id} failing: {m.LastError}");
            }

            s.Alarms = alarms;
            return 0;
        });
    }

    private bool SamplingIsHealthy() => Status.Update(s => s.Meters.Zip(_loops).All(pair =>
        Time.GetElapsedTime(pair.First.LastTickTimestamp) < TimeSpan.FromMilliseconds(pair.Second.Options.SamplePeriodMilliseconds * 3 + 30_000)));

    private string StatusLine() => Status.Update(s => string.Create(CultureInfo.InvariantCulture,
        $"{s.State}; seq {s.LastSequence}; backlog {s.OutboxDepth}; broker {(s.BrokerConnected ? "up" : "down")}; receipted {s.LastReceiptSequence}{(s.Alarms.Count > 0 ? "; ALARM: " + s.Alarms[0] : string.Empty)}"));

    private void WriteStatusFile()
    {
        try
        {
            Status.WriteTo(_options.StatusFile);
        }
        catch (IOException e)
        {
            LogStatusFileFailed(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Device} starting: {Meters} meters, {Backlog} readings in the outbox, last sequence {Sequence}")]
    private partial void LogStarting(string device, int meters, int backlog, long sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ready: first meter read and broker connection done")]
    private partial void LogReady();

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped at sequence {Sequence} with {Backlog} unreceipted readings kept in the outbox")]
    private partial void LogStopped(long sequence, int backlog);

    [LoggerMessage(Level = LogLevel.Information, Message = "Meter {Meter}: reading {Sequence} for {Start} stored: +{Import} Wh import, +{Export} Wh export, flags {Flags}")]
    private partial void LogStored(string meter, long sequence, long start, long import, long export, ReadingQuality flags);

    [LoggerMessage(Level = LogLevel.Critical, Message = "OUTBOX FULL, no reading stored: {Message} The meter's registers keep counting; the next stored reading's delta covers the gap and is flagged estimated.")]
    private partial void LogOutboxFull(string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox holds {Count} of at most {Max} unreceipted readings: is the ledger receipting?")]
    private partial void LogOutboxNearlyFull(int count, int max);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The outbox cannot be written: {Message} Sampling goes on; closed intervals are held in memory until space returns.")]
    private partial void LogStorageFailed(string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox can be written again: the held intervals are stored")]
    private partial void LogStorageRecovered();

    [LoggerMessage(Level = LogLevel.Error, Message = "A sampling loop is stuck: not feeding the systemd watchdog")]
    private partial void LogUnhealthy();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the status file: {Reason}")]
    private partial void LogStatusFileFailed(string reason);
}
