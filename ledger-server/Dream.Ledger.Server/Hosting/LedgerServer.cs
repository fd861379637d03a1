using System.Diagnostics;
using System.Globalization;
using Dream.Contracts.Http;
using Dream.Crypto;
using Dream.Ledger.Ingest;
using Dream.Ledger.Log;
using Dream.Ledger.Scheduling;
using Dream.Ledger.Server.Api;
using Dream.Ledger.Storage;
using Dream.Ledger.Tiles;
using Dream.Ledger.Witnessing;
using Dream.Transparency.Checkpoints;
using Dream.Transparency.Witnesses;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dream.Ledger.Server.Hosting;

/// <summary>
/// The running ledger: store, engine, checkpoint signer, scheduler, MQTT ingest, and Kestrel serving the
/// public API on <see cref="LedgerServerConfig.Listen"/> and the admin API on <see cref="LedgerServerConfig.AdminListen"/>.
/// </summary>
public sealed class LedgerServer : IAsyncDisposable
{
    /// <summary>The host's whole stop, inside systemd's TimeoutStopSec=30 with room.</summary>
    private static readonly TimeSpan s_shutdownTimeout = TimeSpan.FromSeconds(25);

    private readonly CancellationTokenSource _stop = new();
    private ILogger _log = NullLogger.Instance;
    private WebApplication? _app;
    private MqttIngestSet? _mqtt;
    private int _disposed;
    private HttpClient? _witnessHttp;

    private LedgerServer(LedgerServerConfig config, LedgerDataDirectory directory, ILedgerStore store, Ed25519PrivateKey key, LedgerEngine engine, CheckpointPublisher checkpoints, LedgerScheduler scheduler)
    {
        Config = config;
        Directory = directory;
        Store = store;
        Key = key;
        Engine = engine;
        Checkpoints = checkpoints;
        Scheduler = scheduler;
    }

    public LedgerServerConfig Config { get; }

    public LedgerDataDirectory Directory { get; }

    public ILedgerStore Store { get; }

    public Ed25519PrivateKey Key { get; }

    public LedgerEngine Engine { get; }

    public CheckpointPublisher Checkpoints { get; }

    public LedgerScheduler Scheduler { get; }

    /// <summary>The routes the server maps (the OpenAPI document must describe each public and admin one).</summary>
    public IReadOnlyList<Endpoint> Endpoints => [.. _app?.Services.GetRequiredService<EndpointDataSource>().Endpoints ?? []];

    /// <summary>MQTT ingest, one connection per broker; null until the host has built it.</summary>
    public MqttIngestSet? Mqtt => _mqtt;

    public bool MqttConnected => _mqtt?.AllConnected ?? false;

    public bool Stopping => _stop.IsCancellationRequested;

    public string AdminToken => Directory.ReadAdminToken();

    /// <summary>
    /// Opens the data directory, replays the log (refusing one that does not match its latest signed checkpoint:
    /// <see cref="LedgerIntegrityException"/>), then starts the host: HTTP, the committer's shutdown, the checkpoint
    /// and scheduler loops, the watchdog (with <paramref name="watchdog"/>) and MQTT ingest, which connects to the
    /// broker, retrying until <paramref name="cancellationToken"/> fires; everything started is stopped again when
    /// it does.
    /// </summary>
    public static async Task<LedgerServer> StartAsync(LedgerServerConfig config, TimeProvider? time = null, Action<ILoggingBuilder>? logging = null, LedgerWatchdogOptions? watchdog = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        time ??= TimeProvider.System;
        var directory = new LedgerDataDirectory(config.DataDir);
        var database = LedgerServerStore.Describe(config);
        ILedgerStore store;
        try
        {
            store = LedgerServerStore.Open(config);
        }
        catch (System.Data.Common.DbException e)
        {
            throw new LedgerIntegrityException($"Refusing to serve {database}: it cannot be opened: {e.Message}", e);
        }

        Ed25519PrivateKey? key = null;
        LedgerEngine engine;
        string origin;
        try
        {
            key = directory.LoadKey();
            origin = store.GetMeta(LedgerDataDirectory.OriginMetaKey) ?? throw new InvalidDataException("The database names no log origin.");
            var options = new LedgerOptions
            {
                ClockSkew = TimeSpan.FromSeconds(config.ClockSkewSeconds),
                VerifyWorkers = config.VerifyWorkers,
                MaxBatchMessages = config.MaxBatchMessages,
                Quarantine = config.Quarantine,
                TimeProvider = time,
            };
            engine = await LedgerEngine.StartAsync(store, key, options, cancellationToken: cancellationToken);
        }
        catch (LedgerIntegrityException e)
        {
            store.Dispose();
            key?.Dispose();
            throw new LedgerIntegrityException($"Refusing to serve {database}: {e.Message} `{LedgerServerStore.VerifyCommand(config)}` lists what differs.", e);
        }
        catch
        {
            store.Dispose();
            key?.Dispose();
            throw;
        }

        engine.MarketClockSkew = TimeSpan.FromSeconds(config.MarketClockSkewSeconds);
        // A witness's timeout bounds a network call: wall seconds, also under the demo's accelerated clock (at 720x,
        // 5 simulated seconds would give a witness 7 ms).
        var (witnessHttp, witnesses) = CreateWitnesses(config, engine, TimeProvider.System);
        var tiles = new TileWriter(store, Path.Combine(directory.Path, "tiles"));
        var checkpoints = new CheckpointPublisher(engine, new CheckpointSigner(origin, key), origin, time, witnesses, tiles);
        var server = new LedgerServer(config, directory, store, key, engine, checkpoints, new LedgerScheduler(time)) { _witnessHttp = witnessHttp };
        server.Scheduler.Add(new Trading.MarketScheduleJob(engine));
        try
        {
            await server.StartHostAsync(time, logging, watchdog, cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>
    /// Stops the host, whose services stop in the reverse order of <see cref="StartHostAsync"/>'s registration, each
    /// step bounded, so that the whole stays well inside systemd's TimeoutStopSec (30 s) whatever state the ledger
    /// is in (broker unreachable, disk full, mid-batch): no more readings from MQTT; the scheduler and the checkpoint
    /// loop end; the committer commits what is queued and a last checkpoint is signed if the store takes it
    /// (<see cref="LedgerCoreService"/>); HTTP requests finish (Kestrel stops last). Then the store and key close.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        await _stop.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        // Stops the committer too when start-up failed before the host ran (a no-op after the host's stop).
        await Engine.DisposeAsync();
        Checkpoints.Dispose();
        _witnessHttp?.Dispose();
        Store.Dispose();
        Key.Dispose();
        _stop.Dispose();
        var took = Stopwatch.GetElapsedTime(started);
        LedgerLog.Stopped(_log, took);
    }

    /// <exception cref="Transparency.Notes.NoteFormatException">A witness verifier key is not a cosignature/v1 key.</exception>
    private static (HttpClient? Http, WitnessCosigner? Witnesses) CreateWitnesses(LedgerServerConfig config, LedgerEngine engine, TimeProvider time)
    {
        if (config.Witnesses.Count == 0)
        {
            return (null, null);
        }

        // Each request is bounded by WitnessTimeoutSeconds (the cosigner's token), not by HttpClient's own timeout.
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var clients = config.Witnesses.Select(w => new WitnessClient(
            http,
            Uri.TryCreate(w.Url, UriKind.Absolute, out var url) ? url : throw new InvalidDataException($"The witness URL '{w.Url}' is not an absolute URL."),
            CosignatureVerifier.Parse(w.VerifierKey))).ToList();
        return (http, new WitnessCosigner(clients, TimeSpan.FromSeconds(config.WitnessTimeoutSeconds), engine.Store, time));
    }

    private static async Task ServeUnavailableAsync(HttpContext context, Func<Task> next)
    {
        try
        {
            await next();
        }
        catch (Exception e) when (e is LedgerUnavailableException or StoreWriteException && !context.Response.HasStarted)
        {
            // Nothing of the request was logged; the client may try again.
            context.Response.Headers.RetryAfter = "5";
            await ApiContext.Error(503, "unavailable", e.Message).ExecuteAsync(context);
        }
    }

    private async Task StartHostAsync(TimeProvider time, Action<ILoggingBuilder>? logging, LedgerWatchdogOptions? watchdog, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }
        else
        {
            logging(builder.Logging);
        }

        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();

        // Each service's stop is bounded on its own (MQTT, the drain, HTTP); this bounds the sum inside TimeoutStopSec.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = s_shutdownTimeout);
        builder.WebHost.UseUrls(Config.Listen, Config.AdminListen);

        // Kestrel's own service starts first and stops last; these start in this order after it and stop in reverse.
        ILogger Log(IServiceProvider services) => services.GetRequiredService<ILoggerFactory>().CreateLogger("Dream.Ledger");
        builder.Services.AddSingleton<IHostedService>(services => new LedgerCoreService(Engine, Checkpoints, Log(services)));
        builder.Services.AddSingleton<IHostedService>(_ => new LoopService(token => Checkpoints.RunAsync(TimeSpan.FromSeconds(Config.CheckpointPeriodSeconds), token)));
        builder.Services.AddSingleton<IHostedService>(_ => new LoopService(token => Scheduler.RunAsync(TimeSpan.FromSeconds(1), token)));
        if (watchdog is not null)
        {
            // Until MQTT is connected (the last service to start) ingest is not alive; systemd arms the watchdog only at READY=1.
            builder.Services.AddSingleton<IHostedService>(_ => new LedgerWatchdog(Engine, slack => _mqtt is { } mqtt ? mqtt.Problem(slack) : "MQTT is not started yet", watchdog));
        }

        builder.Services.AddSingleton<IHostedService>(services => _mqtt = new MqttIngestSet(Engine, Config.IngestBrokers(), Log(services), watchdog?.Time));

        var app = builder.Build();
        app.Use(ServeUnavailableAsync);
        app.Use((http, next) =>
        {
            // The clock signed requests are checked against (accelerated in demos); clients sign with it.
            http.Response.Headers[SignedRequest.TimeHeader] = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            return next(http);
        });
        var adminPort = new Uri(Config.AdminListen).Port;
        var context = new ApiContext(this, time, adminPort);
        LogEndpoints.Map(app, context);
        TileEndpoints.Map(app, context);
        PublicEndpoints.Map(app, context);
        AdminEndpoints.Map(app, context);
        MarketEndpoints.Map(app, context);
        DeliveryEndpoints.Map(app, context);
        MarketAdminEndpoints.Map(app, context);
        OpsEndpoints.Map(app, context);
        Dashboard.DashboardEndpoints.Map(app, context);

        var log = Log(app.Services);
        _log = log;
        Scheduler.JobFailed += (_, e) => LedgerLog.JobFailed(log, e.Job, e.Exception);
        Engine.QuarantineThrottled += (source, reason) => LedgerLog.QuarantineThrottled(log, source, reason, Config.Quarantine.BytesPerSourceReason);
        Engine.StoreFailed += (_, f) => LedgerLog.StoreFailed(log, f.Cause, f.FailedAttempts, f.Since, f.RetryIn.TotalSeconds, f.Message);
        Engine.StoreRecovered += (_, f) => LedgerLog.StoreRecovered(log, f.Cause, f.FailedAttempts, f.Since);
        Checkpoints.SignFailed += (_, e) => LedgerLog.CheckpointFailed(log, e.Cause, e.Message);
        if (Checkpoints.Witnesses is { } witnesses)
        {
            witnesses.CosignFailed += (_, f) => LedgerLog.WitnessFailed(log, f.Witness, f.Reason);
        }

        _app = app;
        using var starting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        await app.StartAsync(starting.Token);
        LedgerLog.Serving(log, Checkpoints.Origin, Config.Listen, Config.AdminListen, Engine.Head.Size);
    }
}
