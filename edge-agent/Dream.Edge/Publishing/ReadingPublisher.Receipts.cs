using System.Globalization;
using Dream.Contracts;
using Dream.Edge.Outbox;
using Dream.Edge.Service;
using Microsoft.Extensions.Logging;

namespace Dream.Edge.Publishing;

/// <summary>
/// What a receipt does: prunes the outbox up to <c>throughSeq</c>, keeps and shows each refusal of one of our
/// readings, and queues what the ledger names missing for an immediate resend.
/// </summary>
public sealed partial class ReadingPublisher
{
    internal void HandleReceipt(ReadOnlyMemory<byte> payload)
    {
        Receipt receipt;
        try
        {
            receipt = Receipt.Verify(payload, _gridAuthority);
        }
        catch (ContractException e)
        {
            LogBadReceipt(e.Message);
            return;
        }

        if (receipt.Device != _device)
        {
            LogBadReceipt($"it is for {receipt.Device}");
            return;
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        ReceiptOutcome outcome;
        try
        {
            outcome = _outbox.ApplyReceipt(receipt.ThroughSequence, receipt.ThroughHash, receipt.LogIndex, now);
        }
        catch (OutboxWriteException e)
        {
            // A full disk: the readings stay until a later receipt can be applied (each covers all before it).
            LogReceiptNotApplied(receipt.ThroughSequence, e.Message);
            outcome = ReceiptOutcome.Stale;
        }

        switch (outcome)
        {
            case ReceiptOutcome.Applied:
                _lastProgressTimestamp = _time.GetTimestamp();
                _status.Update(s => s.LastReceiptSequence = receipt.ThroughSequence);
                _status.Update(s => s.LastReceiptAtMs = now);
                LogReceipt(receipt.ThroughSequence, receipt.LogIndex);
                lock (_receiptLock)
                {
                    foreach (var sequence in _refused.Keys.Where(k => k <= receipt.ThroughSequence).ToList())
                    {
                        _refused.Remove(sequence);
                    }
                }

                break;
            case ReceiptOutcome.Stale:
                break;
            default:
                LogBadReceipt($"{outcome} for sequence {receipt.ThroughSequence}");
                return;
        }

        foreach (var refused in receipt.Refused)
        {
            HandleRefusal(refused, now);
        }

        if (receipt.RefusedOmitted > 0)
        {
            LogRefusalsOmitted(receipt.RefusedOmitted);
        }

        QueueMissing(receipt);
        ShowRefusals();
    }

    private void HandleRefusal(RefusedReading refused, long nowMs)
    {
        bool ours;
        try
        {
            ours = _outbox.RecordRefusal(refused.Sequence, refused.Hash, refused.Reason, refused.Detail, refused.Retry, nowMs);
        }
        catch (OutboxWriteException)
        {
            // Not kept on a full disk: acted on in memory, reported again by the ledger if the reading comes again.
            ours = _outbox.ReadFrom(refused.Sequence, 1) is [var reading] && reading.Sequence == refused.Sequence && reading.Hash == refused.Hash;
        }

        if (!ours)
        {
            LogForeignRefusal(refused.Sequence, refused.Reason);
            return;
        }

        bool known;
        lock (_receiptLock)
        {
            known = _refused.ContainsKey(refused.Sequence);
            _refused[refused.Sequence] = refused.Retry;
        }

        if (known)
        {
            return;
        }

        if (refused.Retry)
        {
            LogRefusedForNow(refused.Sequence, refused.Reason, refused.Detail);
        }
        else
        {
            LogRefusedForGood(refused.Sequence, refused.Reason, refused.Detail);
        }
    }

    /// <summary>Queues the ranges the receipt names missing for an immediate resend, unless resent just now.</summary>
    private void QueueMissing(Receipt receipt)
    {
        var now = _time.GetTimestamp();
        var queued = false;
        lock (_receiptLock)
        {
            // Receipts come in commit order: the newest tells what the ledger has now. More seen is progress too.
            if (receipt.SeenThrough > _seenThrough)
            {
                _lastProgressTimestamp = now;
            }

            _seenThrough = receipt.SeenThrough;
            _lastMissing = receipt.Missing;
            _status.Update(s => s.LedgerSeenThrough = receipt.SeenThrough);

            foreach (var key in _recentResends.Where(r => _time.GetElapsedTime(r.Value.Timestamp, now) >= MissingHoldoff).Select(r => r.Key).ToList())
            {
                _recentResends.Remove(key);
            }

            foreach (var range in receipt.Missing)
            {
                if (_recentResends.TryGetValue(range.From, out var recent) && recent.To >= range.To)
                {
                    continue;
                }

                _recentResends[range.From] = (range.To, now);
                _missing.Add(range);
                queued = true;
            }
        }

        _status.Update(s => s.LedgerMissing = receipt.Missing.Count == 0 ? null
            : string.Join(", ", receipt.Missing.Select(m => m.From == m.To ? m.From.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{m.From}-{m.To}"))));
        if (queued)
        {
            LogMissing(_status.Update(s => s.LedgerMissing)!);
            Wake();
        }
    }

    /// <summary>Puts the refusals of readings still in the outbox into the status (the newest few).</summary>
    private void ShowRefusals()
    {
        var refusals = _outbox.Refusals().TakeLast(AgentStatus.MaxRefusalsShown).Select(r => new RefusalStatus(r.Sequence, r.Reason, r.Detail, r.Retry, r.AtMs)).ToList();
        _status.Update(s => s.Refusals = refusals);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The ledger refused reading {Sequence} for good ({Reason}: {Detail}); it stays in the outbox and is not resent: an operator must look at it")]
    private partial void LogRefusedForGood(long sequence, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The ledger refused reading {Sequence} for now ({Reason}: {Detail}); it is sent again at the receipt-timeout pace")]
    private partial void LogRefusedForNow(long sequence, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "The ledger refused {Count} more readings than its receipt lists")]
    private partial void LogRefusalsOmitted(long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A receipt names reading {Sequence} refused ({Reason}) but that is not our unreceipted reading; ignored")]
    private partial void LogForeignRefusal(long sequence, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The ledger misses readings {Ranges}: sending them again now")]
    private partial void LogMissing(string ranges);

    [LoggerMessage(Level = LogLevel.Error, Message = "The receipt through {Through} could not be applied to the outbox: {Reason}")]
    private partial void LogReceiptNotApplied(long through, string reason);
}
