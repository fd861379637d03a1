using Dream.Crypto;
using Dream.Ledger.Ingest;
using Dream.Ledger.Log;
using Dream.Ledger.Scheduling;
using Dream.Ledger.Server.Api;
using Dream.Ledger.Storage;
using Dream.Transparency.Checkpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dream.Ledger.Server.Hosting;

/// <summary>
/// The running ledger: store, engine, checkpoint signer, scheduler, MQTT ingest, and Kestrel serving the
/// public API on <see cref="LedgerServerConfig.Listen"/> and the admin API on <see cref="LedgerServerConfig.AdminListen"/>.
/// </summary>
public sealed class LedgerServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private WebApplication? _app;
    private MqttIngest? _mqtt;

    private LedgerServer(LedgerServerConfig config, LedgerDataDirectory directory, SqliteLedgerStore store, Ed25519PrivateKey key, LedgerEngine engine, CheckpointPublisher checkpoints, LedgerScheduler scheduler)
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

    public SqliteLedgerStore Store { get; }

    public Ed25519PrivateKey Key { get; }

    public LedgerEngine Engine { get; }

    public CheckpointPublisher Checkpoints { get; }

    public LedgerScheduler Scheduler { get; }

    public bool MqttConnected => _mqtt?.IsConnected ?? false;

    public string AdminToken => Directory.ReadAdminToken();

    public static async Task<LedgerServer> StartAsync(LedgerServerConfig config, TimeProvider? time = null, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        time ??= TimeProvider.System;
        var directory = new LedgerDataDirectory(config.DataDir);
        var store = directory.OpenStore();
        var key = directory.LoadKey();
        var origin = store.GetMeta(LedgerDataDirectory.OriginMetaKey) ?? throw new InvalidDataException("The database names no log origin.");
        var options = new LedgerOptions
        {
            ClockSkew = TimeSpan.FromSeconds(config.ClockSkewSeconds),
            VerifyWorkers = config.VerifyWorkers,
            MaxBatchMessages = config.MaxBatchMessages,
            Quarantine = config.Quarantine,
            TimeProvider = time,
        };
        var engine = await LedgerEngine.StartAsync(store, key, options, cancellationToken: cancellationToken);
        engine.MarketClockSkew = TimeSpan.FromSeconds(config.MarketClockSkewSeconds);
        var checkpoints = new CheckpointPublisher(engine, new CheckpointSigner(origin, key), origin, time);
        var server = new LedgerServer(config, directory, store, key, engine, checkpoints, new LedgerScheduler(time));
        server.Scheduler.Add(new Trading.MarketScheduleJob(engine));
        await server.StartHostAsync(time, logging, cancellationToken);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_mqtt is not null)
        {
            await _mqtt.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        await Engine.DisposeAsync();
        await Task.WhenAll(_loops);
        await Checkpoints.SignIfGrownAsync(CancellationToken.None);
        Checkpoints.Dispose();
        Store.Dispose();
        Key.Dispose();
        _stop.Dispose();
    }

    private async Task StartHostAsync(TimeProvider time, Action<ILoggingBuilder>? logging, CancellationToken cancellationToken)
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

        builder.WebHost.UseUrls(Config.Listen, Config.AdminListen);
        var app = builder.Build();
        var adminPort = new Uri(Config.AdminListen).Port;
        var context = new ApiContext(this, time, adminPort);
        LogEndpoints.Map(app, context);
        PublicEndpoints.Map(app, context);
        AdminEndpoints.Map(app, context);
        MarketEndpoints.Map(app, context);
        DeliveryEndpoints.Map(app, context);
        MarketAdminEndpoints.Map(app, context);
        OpsEndpoints.Map(app, context);
        Dashboard.DashboardEndpoints.Map(app, context);
        await app.StartAsync(cancellationToken);
        _app = app;

        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Dream.Ledger");
        Scheduler.JobFailed += (_, e) => LedgerLog.JobFailed(log, e.Job, e.Exception);
        Engine.QuarantineThrottled += (source, reason) => LedgerLog.QuarantineThrottled(log, source, reason, Config.Quarantine.BytesPerSourceReason);
        _loops.Add(Checkpoints.RunAsync(TimeSpan.FromSeconds(Config.CheckpointPeriodSeconds), _stop.Token));
        _loops.Add(Scheduler.RunAsync(TimeSpan.FromSeconds(1), _stop.Token));
        _mqtt = new MqttIngest(Engine, Config.Mqtt, log);
        await _mqtt.StartAsync(cancellationToken);
        LedgerLog.Serving(log, Checkpoints.Origin, Config.Listen, Config.AdminListen, Engine.Head.Size);
    }
}
