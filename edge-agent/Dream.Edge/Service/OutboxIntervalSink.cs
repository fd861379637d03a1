using Dream.Contracts;
using Dream.Crypto;
using Dream.Edge.Configuration;
using Dream.Edge.Intervals;
using Dream.Edge.Metering;
using Dream.Edge.Outbox;
using Microsoft.Extensions.Logging;

namespace Dream.Edge.Service;

/// <summary>
/// The meter loops' <see cref="IIntervalSink"/>: signs each closed interval with the device key into the outbox,
/// alarms a full outbox or an unwritable disk once (and its recovery), and tells whoever listens (the publisher is
/// woken; <see cref="SampleTaken"/> and <see cref="TickCompleted"/> for the live feeds and the tests).
/// </summary>
internal sealed partial class OutboxIntervalSink(OutboxStore outbox, AgentStatus status, Ed25519PrivateKey deviceKey, Action wakePublisher, ILogger log) : IIntervalSink
{
    private readonly ILogger _log = log;
    private bool _alarmedFull;
    private string? _storageError;

    public event Action<string, long, MeterSample>? SampleTaken;

    public event Action<string, long, StoredReading?>? TickCompleted;

    public RegisterBaseline? Baseline(string meterId) => outbox.GetBaseline(meterId);

    public void FirstBaseline(string meterId, RegisterBaseline baseline)
    {
        try
        {
            outbox.SetBaseline(meterId, baseline);
        }
        catch (OutboxWriteException e)
        {
            StorageFailed(e.Message);
        }
    }

    public StoredReading Accept(MeterOptions meter, ClosedInterval closed)
    {
        StoredReading stored;
        try
        {
            stored = outbox.Append(meter.Id, closed, (sequence, previous) =>
                SignedReading.Create(closed.ToReading(status.Device, meter.PassportId, sequence, previous), deviceKey));
        }
        catch (OutboxFullException e)
        {
            if (!_alarmedFull)
            {
                _alarmedFull = true;
                LogOutboxFull(e.Message);
            }

            throw;
        }
        catch (OutboxWriteException e)
        {
            StorageFailed(e.Message);
            throw;
        }

        status.Update(s => s.LastSequence = stored.Sequence);
        LogStored(meter.Id, stored.Sequence, closed.StartMs, closed.DeltaImportWh, closed.DeltaExportWh, closed.Flags);
        _alarmedFull = false;
        StorageRecovered();
        wakePublisher();
        return stored;
    }

    public void Report(MeterStatus meter, Action<MeterStatus> change) => status.Update(_ =>
    {
        change(meter);
        return 0;
    });

    public void Sampled(string meterId, long timeMs, MeterSample sample) => SampleTaken?.Invoke(meterId, timeMs, sample);

    public void Ticked(string meterId, long timeMs, StoredReading? stored) => TickCompleted?.Invoke(meterId, timeMs, stored);

    /// <summary>The outbox could not be written (a full disk): logged once, alarmed until a write works.</summary>
    private void StorageFailed(string message)
    {
        if (_storageError is null)
        {
            LogStorageFailed(message);
        }

        _storageError = message;
        status.Update(s => s.StorageError = message);
    }

    private void StorageRecovered()
    {
        if (_storageError is not null)
        {
            _storageError = null;
            status.Update(s => s.StorageError = null);
            LogStorageRecovered();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Meter {Meter}: reading {Sequence} for {Start} stored: +{Import} Wh import, +{Export} Wh export, flags {Flags}")]
    private partial void LogStored(string meter, long sequence, long start, long import, long export, ReadingQuality flags);

    [LoggerMessage(Level = LogLevel.Critical, Message = "OUTBOX FULL, no reading stored: {Message} The meter's registers keep counting; the next stored reading's delta covers the gap and is flagged estimated.")]
    private partial void LogOutboxFull(string message);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The outbox cannot be written: {Message} Sampling goes on; closed intervals are held in memory until space returns.")]
    private partial void LogStorageFailed(string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox can be written again: the held intervals are stored")]
    private partial void LogStorageRecovered();
}
