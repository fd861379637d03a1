using Dream.Contracts;
using Dream.Edge.Outbox;
using Dream.Edge.Transport;

namespace Dream.Edge.Publishing;

/// <summary>
/// The publish loop. In order of priority: readings a receipt named missing (at once), new readings from the
/// cursor (a backlog drains in batches, several in flight), and the paced resend (one small batch per
/// <see cref="ResendPace"/>, nothing else in flight).
/// </summary>
public sealed partial class ReadingPublisher
{
    /// <summary>Raised on the publish loop for every message of readings handed to the broker.</summary>
    public event Action<PublishedBatch>? Published;

    private async Task PublishLoopAsync(CancellationToken cancellationToken)
    {
        _lastProgressTimestamp = _time.GetTimestamp();

        // Batches in flight, oldest first: while a backlog drains, several wait for their PUBACK at once.
        var inFlight = new Queue<InFlightBatch>();
        while (!cancellationToken.IsCancellationRequested)
        {
            LastLoopTimestamp = _time.GetTimestamp();
            if (_resendRequested && inFlight.Count == 0)
            {
                _resendRequested = false;
                _next = _outbox.Oldest?.Sequence ?? _outbox.Head.Sequence + 1;
                _lastProgressTimestamp = _time.GetTimestamp();
            }

            if (_pacedRequested && inFlight.Count == 0)
            {
                _pacedRequested = false;
                PlanPacedResend();
            }

            if (inFlight.Count < MaxBatchesInFlight && TrySlice(_missing, MaxBatch, skipRetryable: true) is { } missing)
            {
                inFlight.Enqueue(Publish(missing, PublishKind.Missing, cancellationToken));
                continue;
            }

            var head = _outbox.Head.Sequence;
            if (_next <= head && inFlight.Count < MaxBatchesInFlight)
            {
                var pending = head - _next + 1;
                var batch = _outbox.ReadFrom(_next, pending > 1 ? MaxBatch : 1);
                if (batch.Count == 0)
                {
                    // Everything from the cursor on was receipted meanwhile.
                    _next = _outbox.Oldest?.Sequence ?? head + 1;
                    continue;
                }

                inFlight.Enqueue(Publish(batch, PublishKind.Forward, cancellationToken, pending - batch.Count));
                _next = batch[^1].Sequence + 1;
                continue;
            }

            if (inFlight.Count == 0 && !_paced.IsEmpty && _time.GetTimestamp() >= _nextPacedTimestamp)
            {
                if (TrySlice(_paced, PacedBatch, skipRetryable: false) is { } paced)
                {
                    _nextPacedTimestamp = _time.GetTimestamp() + (long)(ResendPace.TotalSeconds * _time.TimestampFrequency);
                    inFlight.Enqueue(Publish(paced, PublishKind.Paced, cancellationToken));
                }

                continue;
            }

            if (inFlight.Count == 0)
            {
                CheckReceiptTimeout();
                await WaitForWorkAsync(cancellationToken);
                continue;
            }

            var sent = inFlight.Dequeue();
            var failure = await OutcomeAsync(sent);
            if (failure is null)
            {
                continue;
            }

            // Resend from the failed batch on; whatever else was in flight is sent again too (the ledger de-duplicates).
            Requeue(sent);
            while (inFlight.Count > 0)
            {
                var other = inFlight.Dequeue();
                await other.Publish.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                Requeue(other);
            }

            if (failure == "refused")
            {
                await Task.Delay(TimeSpan.FromSeconds(5), _time, cancellationToken);
            }
        }
    }

    private InFlightBatch Publish(IReadOnlyList<StoredReading> batch, PublishKind kind, CancellationToken cancellationToken, long remaining = 0)
    {
        var forward = kind == PublishKind.Forward;
        if (forward && !HasOutstanding())
        {
            // The receipt timeout runs from when something is waiting for a receipt, not from the last receipt.
            _lastProgressTimestamp = _time.GetTimestamp();
        }

        var message = EnvelopeBatch.Serialize(batch.Select(b => SignedEnvelope.Parse(b.Envelope)).ToList());
        var publish = _transport.PublishReadingsAsync(message, cancellationToken);
        Published?.Invoke(new PublishedBatch(kind, batch[0].Sequence, batch[^1].Sequence, batch.Count, _time.GetUtcNow()));
        return new InFlightBatch(publish, batch[0].Sequence, batch[^1].Sequence, remaining, forward);
    }

    /// <summary>Null when the broker acknowledged the batch, else what went wrong.</summary>
    private async Task<string?> OutcomeAsync(InFlightBatch sent)
    {
        try
        {
            await sent.Publish;
            if (sent.Forward)
            {
                _status.Update(s => s.LastPublishedSequence = Math.Max(s.LastPublishedSequence, sent.Last));
                if (sent.Remaining > 0 || sent.Last > sent.First)
                {
                    LogProgress((int)(sent.Last - sent.First + 1), sent.First, sent.Last, sent.Remaining);
                }
            }

            return null;
        }
        catch (TransportException e) when (e.Kind is TransportErrorKind.Refused or TransportErrorKind.NotAuthorized)
        {
            LogRefused(sent.First, sent.Last, e.Kind, e.Message);
            return "refused";
        }
        catch (TransportException e) when (e.Kind == TransportErrorKind.NotAcknowledged)
        {
            LogNotAcknowledged(sent.First);
            return "not acknowledged";
        }
        catch (TransportException)
        {
            return "connection lost";
        }
    }

    private void Requeue(InFlightBatch batch)
    {
        if (batch.Forward)
        {
            _next = Math.Min(_next, batch.First);
        }
        else
        {
            _missing.AddFirst(new SequenceRange(batch.First, batch.Last));
        }
    }

    /// <summary>
    /// The next readings of the first queued range (at most <paramref name="max"/>), without the refused ones
    /// the ledger will never take (nor, when <paramref name="skipRetryable"/>, those it may take later: they
    /// wait for the paced resend). Null when the queue holds nothing more to send.
    /// </summary>
    private List<StoredReading>? TrySlice(ResendQueue queue, int max, bool skipRetryable)
    {
        while (queue.TryPeek(out var range))
        {
            var inRange = _outbox.ReadFrom(range.From, max).TakeWhile(r => r.Sequence <= range.To).ToList();

            // Fewer than asked: the outbox holds nothing more in this range.
            queue.Advance(inRange.Count < max ? range.To + 1 : inRange[^1].Sequence + 1);

            List<StoredReading> batch;
            lock (_receiptLock)
            {
                batch = inRange.Where(r => !_refused.TryGetValue(r.Sequence, out var retry) || (retry && !skipRetryable)).ToList();
            }

            if (batch.Count > 0)
            {
                return batch;
            }
        }

        return null;
    }

    /// <summary>
    /// After a receipt timeout or a reconnect: everything sent that no receipt accounts for, in ranges for the
    /// paced resend: what the last receipt named missing, and what lies above what it had seen.
    /// </summary>
    private void PlanPacedResend()
    {
        var oldest = _outbox.Oldest?.Sequence;
        if (oldest is not { } from || from >= _next)
        {
            return;
        }

        _paced.Clear();
        lock (_receiptLock)
        {
            foreach (var gap in _lastMissing)
            {
                _paced.Add(new SequenceRange(Math.Max(gap.From, from), Math.Min(gap.To, _next - 1)));
            }

            _paced.Add(new SequenceRange(Math.Max(from, _seenThrough + 1), _next - 1));
        }

        _nextPacedTimestamp = _time.GetTimestamp();
    }

    /// <summary>
    /// Whether something sent is not accounted for by the last receipt: above what it had seen, or missing and
    /// not refused for good (a reading the ledger may take later counts: it is resent at this pace).
    /// </summary>
    private bool HasOutstanding()
    {
        lock (_receiptLock)
        {
            return _next - 1 > _seenThrough
                || _lastMissing.Any(range => range.Count > _refused.Count(r => !r.Value && range.Contains(r.Key)));
        }
    }

    private void CheckReceiptTimeout()
    {
        var oldest = _outbox.Oldest;
        if (oldest is null || _next <= oldest.Value.Sequence || !_paced.IsEmpty || !HasOutstanding())
        {
            return;
        }

        if (_time.GetElapsedTime(_lastProgressTimestamp) >= _receiptTimeout)
        {
            _lastProgressTimestamp = _time.GetTimestamp();
            PlanPacedResend();
            if (!_paced.IsEmpty)
            {
                LogReceiptTimeout(oldest.Value.Sequence, _receiptTimeout, _paced.Span);
            }
        }
    }

    private async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var check = TimeSpan.FromTicks(Math.Min(_receiptTimeout.Ticks, TimeSpan.FromSeconds(5).Ticks));
        if (!_paced.IsEmpty)
        {
            var untilPaced = TimeSpan.FromSeconds((double)Math.Max(0, _nextPacedTimestamp - _time.GetTimestamp()) / _time.TimestampFrequency);
            check = untilPaced < check ? untilPaced : check;
        }

        var delay = Task.Delay(check, _time, timeout.Token);
        var wake = _wake.Reader.WaitToReadAsync(timeout.Token).AsTask();
        await Task.WhenAny(delay, wake);
        await timeout.CancelAsync();
        _wake.Reader.TryRead(out _);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
