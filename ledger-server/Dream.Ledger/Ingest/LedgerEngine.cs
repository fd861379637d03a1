using System.Diagnostics;
using System.Threading.Channels;
using Dream.Crypto;
using Dream.Ledger.Log;
using Dream.Ledger.Metrics;
using Dream.Ledger.State;
using Dream.Ledger.Storage;
using Dream.Transparency.Merkle;

namespace Dream.Ledger.Ingest;

/// <summary>
/// The single writer of the ledger. Readings messages are verified in parallel (one worker per core) and
/// committed in arrival order, in batches: one SQLite transaction and one fsync per batch, and only then are
/// receipts signed and handed to <see cref="Receipts"/>. Registry transactions go through the same queue,
/// so the log has one order. Bad input never stops it: it is quarantined with its reason. A commit the store
/// refuses (disk full) is retried until it succeeds, acknowledging nothing meanwhile (LedgerEngine.Faults.cs).
/// </summary>
public sealed partial class LedgerEngine : IAsyncDisposable
{
    private readonly ILedgerStore _store;
    private readonly Ed25519PrivateKey _gridAuthority;
    private readonly LedgerOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<MessageWork> _verifyQueue;
    private readonly Channel<WorkItem> _commitQueue;
    /// <summary>Signed receipts waiting for the publisher. Bounded: when the broker takes them slower than they are
    /// made, the signer waits, and the batches committed meanwhile are merged into one receipt per device.</summary>
    private readonly Channel<OutgoingReceipt> _receipts = Channel.CreateBounded<OutgoingReceipt>(
        new BoundedChannelOptions(ReceiptQueueCapacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Channel<List<ReceiptDraft>> _toSign = Channel.CreateUnbounded<List<ReceiptDraft>>(new() { SingleReader = true, SingleWriter = true });
    private readonly Lock _stateLock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private LedgerState _state;
    private CompactRange _frontier;
    private LogHead _head;

    private LedgerEngine(ILedgerStore store, Ed25519PrivateKey gridAuthority, LedgerOptions options, LedgerMetrics metrics, LedgerState state, CompactRange frontier)
    {
        _store = store;
        _gridAuthority = gridAuthority;
        _options = options;
        _time = options.TimeProvider;
        Metrics = metrics;
        _state = state;
        _frontier = frontier;
        _head = new LogHead(frontier.Size, frontier.Root());
        _quarantineBudget = new QuarantineBudget(options.Quarantine, store.QuarantineCounts());
        _verifyQueue = Channel.CreateBounded<MessageWork>(new BoundedChannelOptions(options.QueueCapacity) { SingleWriter = false });
        _commitQueue = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true });
        Metrics.ObserveQueue(() => _commitQueue.Reader.Count, options.QueueCapacity);
    }

    public LedgerMetrics Metrics { get; }

    public ILedgerStore Store => _store;

    public string GridAuthorityDid => _gridAuthority.PublicKey.Did;

    /// <summary>Receipts ready to publish; every reading they cover is durable.</summary>
    /// <summary>Signed receipts the publisher may fall behind by before the signer waits (and merges).</summary>
    public const int ReceiptQueueCapacity = 4096;

    public ChannelReader<OutgoingReceipt> Receipts => _receipts.Reader;

    /// <summary>The committed tree.</summary>
    public LogHead Head
    {
        get
        {
            lock (_stateLock)
            {
                return _head;
            }
        }
    }

    /// <summary>
    /// Rebuilds the state by replaying the stored log, checked against the latest checkpoint the grid authority
    /// signed (<see cref="LedgerIntegrityException"/> when they differ), then starts the workers and the committer.
    /// </summary>
    public static async Task<LedgerEngine> StartAsync(ILedgerStore store, Ed25519PrivateKey gridAuthority, LedgerOptions? options = null, LedgerMetrics? metrics = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(gridAuthority);
        options ??= new LedgerOptions();
        var checkpoint = await LatestSignedCheckpointAsync(store, gridAuthority, cancellationToken);
        var (state, frontier) = await RebuildAsync(store, gridAuthority.PublicKey.Did, store.Size, checkpoint, cancellationToken);
        var engine = new LedgerEngine(store, gridAuthority, options, metrics ?? new LedgerMetrics(), state, frontier);
        var workers = options.VerifyWorkers > 0 ? options.VerifyWorkers : Environment.ProcessorCount;
        for (var i = 0; i < workers; i++)
        {
            engine._tasks.Add(Task.Run(engine.VerifyLoopAsync, CancellationToken.None));
        }

        engine._tasks.Add(Task.Run(engine.CommitLoopAsync, CancellationToken.None));
        engine._tasks.Add(Task.Run(engine.SignReceiptsLoopAsync, CancellationToken.None));
        return engine;
    }

    /// <summary>Replays a stored log into fresh state and the tree frontier.</summary>
    public static Task<(LedgerState State, CompactRange Frontier)> RebuildAsync(ILedgerStore store, string gridAuthorityDid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return RebuildAsync(store, gridAuthorityDid, store.Size, null, cancellationToken);
    }

    /// <summary>
    /// Queues one MQTT readings message that came from broker number <paramref name="broker"/> (its device's receipt
    /// is published there); waits only when the queue is full (backpressure, also while a failing store pauses the committer).
    /// </summary>
    public async ValueTask SubmitAsync(string topic, ReadOnlyMemory<byte> payload, int broker = 0, CancellationToken cancellationToken = default)
    {
        Metrics.MessageReceived();
        var work = new MessageWork(topic, payload, _time.GetUtcNow().ToUnixTimeMilliseconds(), broker);
        try
        {
            // Verification first: a message given up while waiting for the committer's queue is simply not
            // taken (it has no receipt, so the agent sends it again), never one the committer waits for forever.
            await _verifyQueue.Writer.WriteAsync(work, cancellationToken);
            await _commitQueue.Writer.WriteAsync(work, cancellationToken);
        }
        catch (ChannelClosedException e)
        {
            throw new LedgerUnavailableException("The ledger is stopping.", e);
        }
    }

    /// <summary>Appends a registry transaction (participant, approved passport, revocation); returns its log index once durable.</summary>
    public async Task<long> AppendRegistryAsync(SignedEnvelope envelope, string? pendingPassportId = null, CancellationToken cancellationToken = default)
    {
        var work = new RegistryWork(envelope, pendingPassportId);
        await EnqueueAsync(work, cancellationToken);
        return await work.Appended.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Reads derived state consistently with the committer.</summary>
    public T ReadState<T>(Func<LedgerState, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_stateLock)
        {
            return read(_state);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private static VerifiedEnvelope Refuse(RejectReason reason, string detail, byte[] data, string? device = null, long? sequence = null) =>
        new(null, reason, detail, data, device, sequence);

    private static RejectReason ReasonOf(ContractException e) => e.Error switch
    {
        ContractError.Oversize => RejectReason.Oversize,
        ContractError.BadSignature or ContractError.SignerMismatch => RejectReason.BadSignature,
        _ => RejectReason.Malformed,
    };

    private static VerifiedEnvelope[] Verify(MessageWork work)
    {
        IReadOnlyList<SignedEnvelope> envelopes;
        try
        {
            envelopes = EnvelopeBatch.Parse(work.Payload);
        }
        catch (ContractException e)
        {
            var data = work.Payload.Length > SignedEnvelope.MaxMessageBytes ? work.Payload[..SignedEnvelope.MaxMessageBytes].ToArray() : work.Payload.ToArray();
            return [Refuse(ReasonOf(e), $"{e.Error}: {e.Message}", data)];
        }

        var topicDevice = Topics.DeviceOfReadingsTopic(work.Topic);
        var result = new VerifiedEnvelope[envelopes.Count];
        for (var i = 0; i < envelopes.Count; i++)
        {
            var envelope = envelopes[i];
            try
            {
                var reading = SignedReading.Verify(envelope);
                var data = envelope.ToBytes();
                result[i] = reading.Reading.Device == topicDevice
                    ? new VerifiedEnvelope(reading, default, string.Empty, data, reading.Reading.Device, reading.Reading.Sequence, Rfc6962.HashLeaf(data))
                    : Refuse(RejectReason.TopicMismatch, $"The reading of {reading.Reading.Device} came on the topic of {topicDevice ?? "no device"}.", envelope.ToBytes(), reading.Reading.Device, reading.Reading.Sequence);
            }
            catch (ContractException e)
            {
                result[i] = Refuse(ReasonOf(e), $"{e.Error}: {e.Message}", envelope.ToBytes());
            }
        }

        return result;
    }

    private async Task VerifyLoopAsync()
    {
        await foreach (var work in _verifyQueue.Reader.ReadAllAsync())
        {
            try
            {
                work.Verified.TrySetResult(Verify(work));
            }
#pragma warning disable CA1031 // Whatever goes wrong with one message, ingest goes on: it is quarantined as internal.
            catch (Exception e)
#pragma warning restore CA1031
            {
                work.Verified.TrySetResult([Refuse(RejectReason.Internal, e.Message, work.Payload.ToArray())]);
            }
        }
    }

    private async Task CommitBatchesAsync(List<WorkItem> items)
    {
        var batch = new LedgerBatch();
        var touched = new Dictionary<string, int>(StringComparer.Ordinal);
        var inBatch = new Dictionary<(string, long), ChainLink>();
        var appended = new List<(RegistryWork Work, long Index)>();
        while (await _commitQueue.Reader.WaitToReadAsync(_stop.Token))
        {
            items.Clear();
            while (items.Count < _options.MaxBatchMessages && _commitQueue.Reader.TryRead(out var item))
            {
                items.Add(item);
            }

            BeginRound();
            foreach (var item in items)
            {
                if (item is MessageWork message)
                {
                    await message.Verified.Task.WaitAsync(_stop.Token);
                }
            }

            batch.Clear();
            touched.Clear();
            inBatch.Clear();
            appended.Clear();
            StartBatchRefusals();
            var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            lock (_stateLock)
            {
                foreach (var item in items)
                {
                    if (item is RegistryWork registry)
                    {
                        ApplyRegistry(registry, batch, appended);
                    }
                    else if (item is not MessageWork)
                    {
                        ApplyMarket(item, batch);
                    }
                    else
                    {
                        var message = (MessageWork)item;
                        foreach (var verified in message.Verified.Task.Result)
                        {
                            ApplyReading(message, verified, nowMs, batch, touched, inBatch);
                        }
                    }
                }
            }

            // Nothing of the batch is acknowledged before this returns; null: stopped while the store failed.
            if (await CommitDurablyAsync(batch) is not { } took)
            {
                return;
            }

            LogHead head;
            List<ReceiptDraft> receipts;
            lock (_stateLock)
            {
                _head = head = new LogHead(_frontier.Size, _frontier.Root());
                receipts = DraftReceipts(touched, _time.GetUtcNow().ToUnixTimeMilliseconds());
            }

            if (!batch.IsEmpty)
            {
                Metrics.BatchCommitted(took, head.Size);
            }

            Metrics.Settle();

            // Durable and counted: the watchdog sees progress before anyone hears of the results.
            EndRound();
            SignalCommitted();
            RaiseThrottled();
            foreach (var (work, index) in appended)
            {
                work.Appended.TrySetResult(index);
            }

            CompleteMarket();
            items.Clear();

            if (receipts.Count > 0)
            {
                await _toSign.Writer.WriteAsync(receipts);
            }
        }
    }

    /// <summary>
    /// Signs receipts beside the committer (pipelined), in commit order. When the signer falls behind, the
    /// waiting batches' receipts are merged first: a device gets one receipt naming its latest durable tip
    /// instead of one per batch, so under load signing costs per device and not per reading.
    /// </summary>
    private async Task SignReceiptsLoopAsync()
    {
        var latest = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await _toSign.Reader.WaitToReadAsync())
        {
            var receipts = new List<ReceiptDraft>();
            latest.Clear();
            while (_toSign.Reader.TryRead(out var batch))
            {
                foreach (var receipt in batch)
                {
                    // Batches arrive in commit order: a later draft of a device supersedes the earlier tip and adds its refusals.
                    if (latest.TryGetValue(receipt.Device, out var at))
                    {
                        receipts[at].MergeLater(receipt);
                    }
                    else
                    {
                        latest[receipt.Device] = receipts.Count;
                        receipts.Add(receipt);
                    }
                }
            }

            var signed = new OutgoingReceipt[receipts.Count];
            Parallel.For(0, receipts.Count, i =>
            {
                var r = receipts[i].ToReceipt();
                signed[i] = new OutgoingReceipt(r.Device, Topics.Receipts(r.Device), r.Sign(_gridAuthority).ToBytes(), r.ThroughSequence, receipts[i].Broker);
            });
            try
            {
                foreach (var receipt in signed)
                {
                    await _receipts.Writer.WriteAsync(receipt, _stop.Token);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Stopping while nobody publishes: an agent resends and gets its receipt from the next run.
                break;
            }
        }

        _receipts.Writer.TryComplete();
    }

    private void ApplyRegistry(RegistryWork work, LedgerBatch batch, List<(RegistryWork, long)> appended)
    {
        var index = _frontier.Size;
        EntryKind kind;
        try
        {
            kind = _state.ApplyRegistry(index, work.Envelope);
        }
        catch (Exception e) when (e is LedgerRuleException or ContractException)
        {
            work.Appended.TrySetException(e);
            return;
        }

        Append(batch, kind, work.Envelope.ToBytes(), null, 0);
        if (work.PendingPassportId is { } pending)
        {
            batch.PassportStatus.Add((pending, kind == EntryKind.PassportRevocation ? "revoked" : "approved"));
        }

        Metrics.RegistryAppended();
        appended.Add((work, index));
    }

    private void ApplyReading(MessageWork message, VerifiedEnvelope verified, long nowMs, LedgerBatch batch, Dictionary<string, int> touched, Dictionary<(string, long), ChainLink> inBatch)
    {
        if (verified.Reading is not { } signed)
        {
            Quarantine(batch, message, verified.Reason, verified.Detail, verified.Data, verified.Device, verified.Sequence);
            return;
        }

        var reading = signed.Reading;
        ReadingVerdict verdict;
        try
        {
            verdict = _state.Evaluate(reading, signed.Hash, nowMs, (long)_options.ClockSkew.TotalMilliseconds, (device, seq) =>
                inBatch.TryGetValue((device, seq), out var link) ? new KnownReading(link.Hash, link.LogIndex)
                : _store.FindReading(device, seq) is { } r ? new KnownReading(r.Hash, r.LogIndex)
                : null);
        }
#pragma warning disable CA1031 // One reading's failure is quarantined; ingest goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            verdict = ReadingVerdict.Reject(RejectReason.Internal, e.Message);
        }

        switch (verdict.Outcome)
        {
            case ReadingOutcome.Accepted or ReadingOutcome.AcceptedAfterGap:
                {
                    var index = _frontier.Size;
                    Append(batch, EntryKind.Reading, verified.Data, reading.Device, reading.Sequence, verified.LeafHash);
                    var link = _state.Accept(reading, signed.Hash, index);
                    inBatch[(reading.Device, reading.Sequence)] = link;
                    batch.Readings.Add(new StoredReading(reading.Device, reading.Sequence, index, signed.Hash, reading.PreviousHash, reading.StartMs, reading.EndMs, reading.ImportWh, reading.ExportWh));
                    touched[reading.Device] = message.Broker;
                    Metrics.ReadingAccepted(verdict.Outcome == ReadingOutcome.AcceptedAfterGap);
                    break;
                }

            case ReadingOutcome.Duplicate:
                touched[reading.Device] = message.Broker;
                Metrics.DuplicateSeen();
                break;

            default:
                Quarantine(batch, message, verdict.Reason, verdict.Detail, verified.Data, reading.Device, reading.Sequence);
                NoteRefusal(reading, signed.Hash, verdict, message.Broker, touched);
                break;
        }
    }

    private void Append(LedgerBatch batch, EntryKind kind, byte[] data, string? device, long sequence, Sha256Hash? leafHash = null)
    {
        var leaf = leafHash ?? Rfc6962.HashLeaf(data);
        batch.Entries.Add(new StoredEntry(_frontier.Size, kind, data, leaf, device, sequence));
        _frontier.Append(leaf, batch.Nodes);
    }
}
