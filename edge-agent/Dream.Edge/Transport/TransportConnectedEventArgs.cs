namespace Dream.Edge.Transport;

/// <summary>The link is up; <see cref="IsReconnect"/> after a loss (what was in flight may be lost).</summary>
public sealed class TransportConnectedEventArgs(bool isReconnect) : EventArgs
{
    public bool IsReconnect { get; } = isReconnect;
}
