namespace Dream.Edge.Clock;

/// <summary>Whether the system clock is synchronized (NTP, PTP, GPS), as the kernel sees it.</summary>
public interface IClockSynchronization
{
    ClockState Query();
}
