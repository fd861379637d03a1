using Microsoft.Extensions.Logging;

namespace Dream.Ledger.Server.Hosting;

/// <summary>The server's log messages (source-generated, no boxing on hot paths).</summary>
internal static partial class LedgerLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connect attempt {Attempt} to {Broker} failed: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string broker, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receipts for {Broker} are dropped: its queue of {Capacity} is full (the broker is away or slow); agents resend what no receipt covers ({Dropped} dropped so far)")]
    public static partial void ReceiptsDropped(ILogger logger, string broker, int capacity, long dropped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker refused the receipt for {Device}: {Reason}")]
    public static partial void ReceiptRefused(ILogger logger, string device, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receipt for {Device} not delivered: {Reason}")]
    public static partial void ReceiptLost(ILogger logger, string device, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ledger {Origin} serving on {Listen} (admin {Admin}), log size {Size}")]
    public static partial void Serving(ILogger logger, string origin, string listen, string admin, long size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Quarantine: {Source} used up its budget for {Reason} ({Budget} bytes, or the quarantine is full): its further {Reason} refusals are counted, not kept (GET /admin/v1/quarantine/summary)")]
    public static partial void QuarantineThrottled(ILogger logger, string source, string reason, long budget);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker {Broker} had no session for the ledger on reconnect: readings it queued meanwhile are lost to MQTT; the agents resend what no receipt covers")]
    public static partial void SessionLost(ILogger logger, string broker);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled job {Job} failed")]
    public static partial void JobFailed(ILogger logger, string job, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Store fault {Cause}: commit failed ({Attempts} attempts since {Since:O}); ingest paused, nothing acknowledged, retrying in {RetrySeconds} s: {Reason}")]
    public static partial void StoreFailed(ILogger logger, string cause, int attempts, DateTimeOffset since, double retrySeconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store recovered from {Cause} after {Attempts} failed commits since {Since:O}; ingest resumed")]
    public static partial void StoreRecovered(ILogger logger, string cause, int attempts, DateTimeOffset since);

    [LoggerMessage(Level = LogLevel.Error, Message = "Store fault {Cause}: checkpoint not saved, retried next period: {Reason}")]
    public static partial void CheckpointFailed(ILogger logger, string cause, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Witness {Witness} did not cosign; the checkpoint is published without its cosignature and offered again next period: {Reason}")]
    public static partial void WitnessFailed(ILogger logger, string witness, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped in {Duration}")]
    public static partial void Stopped(ILogger logger, TimeSpan duration);
}
