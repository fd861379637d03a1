using Dream.Crypto;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dream.Witness;

/// <summary>The running witness: its key, its state database, and Kestrel serving <c>POST /add-checkpoint</c> on <see cref="WitnessConfig.Listen"/>.</summary>
public sealed class WitnessServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly WitnessStore _store;
    private readonly Ed25519PrivateKey _key;

    private WitnessServer(WebApplication app, WitnessStore store, Ed25519PrivateKey key, Witness witness)
    {
        _app = app;
        _store = store;
        _key = key;
        Witness = witness;
    }

    public Witness Witness { get; }

    public WitnessStore Store => _store;

    /// <exception cref="InvalidDataException">The configuration is incomplete or names a bad log key.</exception>
    public static async Task<WitnessServer> StartAsync(WitnessConfig config, TimeProvider? time = null, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var logs = config.LogKeys();
        var key = KeyFile.Read(config.KeyFile);
        WitnessStore? store = null;
        try
        {
            var signer = new CosignatureSigner(config.Name, key);
            store = WitnessStore.Open(config.DatabaseFile);
            var witness = new Witness(signer, logs, store, time ?? TimeProvider.System);
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

            builder.WebHost.UseUrls(config.Listen);
            builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = AddCheckpointRequest.MaxBodyBytes);
            var app = builder.Build();
            app.MapPost("/add-checkpoint", (HttpRequest request, CancellationToken ct) => AddCheckpointAsync(witness, request, ct));
            app.MapGet("/key", () => Results.Text(signer.Verifier.VerifierKey + "\n", WitnessReply.TextPlain));
            app.MapGet("/healthz", () => Results.Text("ok\n"));
            await app.StartAsync(cancellationToken);
            return new WitnessServer(app, store, key, witness);
        }
        catch
        {
            store?.Dispose();
            key.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _store.Dispose();
        _key.Dispose();
    }

    private static async Task<IResult> AddCheckpointAsync(Witness witness, HttpRequest request, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(body, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.Text($"An add-checkpoint body is at most {AddCheckpointRequest.MaxBodyBytes} bytes.\n", WitnessReply.TextPlain, statusCode: 413);
        }

        var reply = witness.AddCheckpoint(body.GetBuffer().AsSpan(0, (int)body.Length));
        return Results.Text(reply.Body, reply.ContentType, statusCode: reply.Status);
    }
}
