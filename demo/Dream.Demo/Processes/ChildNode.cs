namespace Dream.Demo.Processes;

/// <summary>
/// A part of the demo grid that runs as one long-lived child (Mosquitto, the ledger, a witness): started by the
/// part itself once configured, stopped gracefully at the end of the day, disposed whether or not it started.
/// </summary>
internal abstract class ChildNode : IAsyncDisposable
{
    public bool HasExited => Child?.HasExited ?? true;

    /// <summary>Null until the part has started its child.</summary>
    protected ChildProcess? Child { get; set; }

    public async Task StopAsync()
    {
        if (Child is not null)
        {
            await Child.StopAsync(TimeSpan.FromSeconds(20));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Child is not null)
        {
            await Child.DisposeAsync();
        }
    }
}
