using Dream.Systemd;

namespace Dream.Ledger.Server.Hosting;

/// <summary>Where <see cref="LedgerWatchdog"/> reports and how often systemd expects to hear from it.</summary>
public sealed class LedgerWatchdogOptions
{
    public required SystemdNotifier Notifier { get; init; }

    /// <summary><c>WatchdogSec</c> (from <c>WATCHDOG_USEC</c>); null: no watchdog, only <c>STATUS=</c> updates.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>Wall time, also under the demo's accelerated ledger clock: systemd's watchdog runs on it.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
