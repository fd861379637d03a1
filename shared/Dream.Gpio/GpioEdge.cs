namespace Dream.Gpio;

/// <summary>Which edges of a line produce events (and which edge an event was).</summary>
[Flags]
public enum GpioEdge
{
    None = 0,
    Rising = 1,
    Falling = 2,
    Both = Rising | Falling,
}
