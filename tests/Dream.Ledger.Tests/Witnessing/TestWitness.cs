using Dream.Transparency.Witnesses;
using Dream.Witness;

namespace Dream.Ledger.Tests.Witnessing;

/// <summary>A real dream-witness host on a free loopback port, with its key and SQLite state in /tmp; it can be stopped and started again.</summary>
public sealed class TestWitness : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public TestWitness(string name)
    {
        Config = new WitnessConfig { DataDir = _directory.Combine("data"), Listen = $"http://127.0.0.1:{FreePort.Next()}", Name = name };
        using var key = Ed25519PrivateKey.Generate();
        KeyFile.Write(Config.KeyFile, key);
        Key = CosignatureVerifier.Create(name, key.PublicKey);
    }

    public WitnessConfig Config { get; }

    public CosignatureVerifier Key { get; }

    public string Url => Config.Listen;

    public WitnessServer? Server { get; private set; }

    /// <summary>Starts witnessing the log <paramref name="origin"/> signed by <paramref name="logVerifierKey"/>.</summary>
    public async Task StartAsync(string origin, string logVerifierKey)
    {
        Config.Logs = [new WitnessLogConfig { Origin = origin, VerifierKey = logVerifierKey }];
        Server = await WitnessServer.StartAsync(Config, logging: _ => { });
    }

    public async Task StopAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
            Server = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _directory.Dispose();
    }
}
