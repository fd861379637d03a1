using Dream.Edge.Intervals;
using Dream.Edge.Publishing;
using Dream.Edge.Service;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dream.Edge.Tests;

public sealed class OutboxAndReceiptTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly Ed25519PrivateKey _device = Ed25519PrivateKey.Generate();
    private readonly Ed25519PrivateKey _ga = Ed25519PrivateKey.Generate();

    public void Dispose()
    {
        _device.Dispose();
        _ga.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void Sequence_numbers_and_the_hash_chain_survive_reopening_the_file()
    {
        var path = _directory.Combine("outbox.db");
        StoredReading first;
        using (var store = OutboxStore.Open(path))
        {
            first = Append(store, 0);
            Assert.Equal(IntervalReading.GenesisHash, SignedReading.Verify(first.Envelope).Reading.PreviousHash);
        }

        using (var store = OutboxStore.Open(path))
        {
            var second = Append(store, 1);
            Assert.Equal(2, second.Sequence);
            Assert.Equal(first.Hash, SignedReading.Verify(second.Envelope).Reading.PreviousHash);
            Assert.Equal(new RegisterBaseline(1_000 + 250, 0, second.EndMs), store.GetBaseline("main"));
            Assert.Equal(2, store.Count);
        }
    }

    [Fact]
    public void A_full_outbox_refuses_without_dropping_anything_or_using_a_sequence_number()
    {
        using var store = OutboxStore.Open(_directory.Combine("outbox.db"), maxReadings: 2);
        Append(store, 0);
        Append(store, 1);
        Assert.Throws<OutboxFullException>(() => Append(store, 2));
        Assert.Equal(2, store.Count);
        Assert.Equal(2, store.Head.Sequence);
    }

    [Fact]
    public async Task Only_a_receipt_from_the_grid_authority_for_this_device_with_our_hash_deletes_readings()
    {
        using var store = OutboxStore.Open(_directory.Combine("outbox.db"));
        var readings = Enumerable.Range(0, 5).Select(i => Append(store, i)).ToList();
        var status = new AgentStatus { Device = _device.PublicKey.Did, StartedAtMs = 1 };
        await using var transport = new InMemoryReadingTransport();
        var publisher = new ReadingPublisher(transport, store, status, _ga.PublicKey, TimeProvider.System, TimeSpan.FromMinutes(5), NullLogger.Instance);

        using var stranger = Ed25519PrivateKey.Generate();
        publisher.HandleReceipt(ReceiptFor(_device.PublicKey.Did, 3, readings[2].Hash).Sign(stranger).ToBytes());
        Assert.Equal(5, store.Count);

        publisher.HandleReceipt(ReceiptFor(stranger.PublicKey.Did, 3, readings[2].Hash).Sign(_ga).ToBytes());
        Assert.Equal(5, store.Count);

        publisher.HandleReceipt(ReceiptFor(_device.PublicKey.Did, 3, readings[1].Hash).Sign(_ga).ToBytes());
        Assert.Equal(5, store.Count);

        publisher.HandleReceipt(ReceiptFor(_device.PublicKey.Did, 9, readings[4].Hash).Sign(_ga).ToBytes());
        Assert.Equal(5, store.Count);

        publisher.HandleReceipt("not a receipt"u8.ToArray());
        Assert.Equal(5, store.Count);

        // A dream.receipt/1 (a ledger from before /2) is still applied.
        publisher.HandleReceipt((ReceiptFor(_device.PublicKey.Did, 3, readings[2].Hash) with { Version = 1 }).Sign(_ga).ToBytes());
        Assert.Equal(2, store.Count);
        Assert.Equal(4, store.Oldest!.Value.Sequence);
        Assert.Equal(3, status.LastReceiptSequence);

        Assert.Equal(ReceiptOutcome.Stale, store.ApplyReceipt(2, readings[1].Hash, 1, 2));
        Assert.Equal(2, store.Count);
    }

    private static Receipt ReceiptFor(string device, long through, string hash) => new()
    {
        Device = device,
        ThroughSequence = through,
        ThroughHash = hash,
        LogIndex = through,
        IssuedAtMs = 1_767_225_600_000,
    };

    private StoredReading Append(OutboxStore store, int i)
    {
        var start = 1_767_225_600_000 + (i * 60_000L);
        var closed = new ClosedInterval(start, start + 60_000, 1_000 + (i * 250L), 0, 250, 0, 10, 20, 30, 6, ReadingQuality.None);
        return store.Append("main", closed, (seq, prev) => SignedReading.Create(closed.ToReading(_device.PublicKey.Did, new string('a', 64), seq, prev), _device));
    }
}
