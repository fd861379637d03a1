using System.Reflection;
using Dream.Edge.Clock;
using Dream.Edge.Configuration;
using Dream.Edge.HomeAssistant;
using Dream.Edge.Metering;
using Dream.Edge.Outbox;
using Dream.Edge.Publishing;
using Dream.Systemd;
using Microsoft.Extensions.Logging;

namespace Dream.Edge.Service;

/// <summary>
/// The edge agent's work: one sampling loop per meter into the outbox, the publisher, Home Assistant, and the
/// "ready" and "stopping" notifications. Its parts come from the host (<see cref="AgentServices.AddEdgeAgent"/>);
/// housekeeping and the watchdog run beside it as their own hosted services. <see cref="RunAsync"/> runs until cancelled.
/// </summary>
public sealed partial class Agent : IAsyncDisposable
{
    private readonly SystemdNotifier _notifier;
    private readonly ILogger _log;
    private readonly List<MeterLoop> _loops = [];
    private readonly List<IMeter> _meters = [];
    private readonly TaskCompletionSource _firstSample = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ReadingPublisher _publisher;
    private readonly OutboxIntervalSink _sink;
    private readonly HomeAssistantPublisher? _homeAssistant;

    internal Agent(AgentOptions options, IMeterFactory meterFactory, OutboxStore outbox, AgentStatus status, ReadingPublisher publisher, OutboxIntervalSink sink,
        TimeProvider time, IClockSynchronization clock, SystemdNotifier notifier, ILoggerFactory loggers)
    {
        Outbox = outbox;
        Status = status;
        _publisher = publisher;
        _sink = sink;
        _notifier = notifier;
        _log = loggers.CreateLogger("Dream.Edge.Agent");
        if (options.HomeAssistant is { } homeAssistant)
        {
            var version = typeof(Agent).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            var discovery = new HomeAssistantDiscovery(homeAssistant, Status.Device, options.Meters.Select(m => m.Id), version);
            _homeAssistant = new HomeAssistantPublisher(homeAssistant, discovery, time, loggers.CreateLogger("Dream.Edge.HomeAssistant"));
        }

        _sink.SampleTaken += (meterId, timeMs, sample) =>
        {
            _firstSample.TrySetResult();
            _publisher.PublishLive(meterId, timeMs, sample.PowerW);
            _homeAssistant?.PublishState(meterId, timeMs, sample);
        };
        var context = new MeterContext(time, outbox);
        foreach (var meterOptions in options.Meters)
        {
            var meter = meterFactory.Create(meterOptions, context);
            _meters.Add(meter);
            var meterStatus = new MeterStatus { Id = meterOptions.Id, LastTickTimestamp = time.GetTimestamp() };
            Status.Meters.Add(meterStatus);
            _loops.Add(new MeterLoop(meterOptions, meter, sink, time, clock, meterStatus, loggers.CreateLogger("Dream.Edge.Meter")));
        }
    }

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
    public event Action<string, long, StoredReading?>? TickCompleted
    {
        add => _sink.TickCompleted += value;
        remove => _sink.TickCompleted -= value;
    }

    /// <summary>Completes when the agent is ready: a first meter read and a first broker connection.</summary>
    public Task Ready => Task.WhenAll(_firstSample.Task, _publisher.FirstConnection);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        LogStarting(Device, _loops.Count, Outbox.Count, Outbox.Head.Sequence);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new List<Task> { _publisher.RunAsync(stop.Token), ReadyAsync(stop.Token) };
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

            using var goodbye = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _publisher.StopAsync(goodbye.Token);
            if (_homeAssistant is not null)
            {
                await _homeAssistant.StopAsync(goodbye.Token);
            }

            LogStopped(Outbox.Head.Sequence, Outbox.Count);
        }
    }

    /// <summary>Disposes what the agent opened (the meters, Home Assistant); the host disposes the outbox and the transport.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_homeAssistant is not null)
        {
            await _homeAssistant.DisposeAsync();
        }

        foreach (var meter in _meters)
        {
            await meter.DisposeAsync();
        }
    }

    private async Task ReadyAsync(CancellationToken cancellationToken)
    {
        await Ready.WaitAsync(cancellationToken);
        Status.Update(s => s.State = "running");
        _notifier.Ready();
        LogReady();

        // Start-up (host, configuration, meter profiles, the first reads) leaves megabytes of garbage in regions the
        // collector would keep committed for good; on a gateway one compacting collection that gives them back to
        // the kernel is worth its few milliseconds, once (docs/agent.md, "Memory").
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Device} starting: {Meters} meters, {Backlog} readings in the outbox, last sequence {Sequence}")]
    private partial void LogStarting(string device, int meters, int backlog, long sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ready: first meter read and broker connection done")]
    private partial void LogReady();

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped at sequence {Sequence} with {Backlog} unreceipted readings kept in the outbox")]
    private partial void LogStopped(long sequence, int backlog);
}
