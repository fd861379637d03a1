namespace Dream.Mqtt;

public sealed class MqttReconnectingEventArgs(int attempt, TimeSpan delay, Exception? previousFailure) : EventArgs
{
    /// <summary>1 for the first attempt after a loss.</summary>
    public int Attempt { get; } = attempt;

    /// <summary>How long the client waits before this attempt.</summary>
    public TimeSpan Delay { get; } = delay;

    /// <summary>Why the previous attempt failed (null for the first attempt).</summary>
    public Exception? PreviousFailure { get; } = previousFailure;
}
