using Dream.Crypto;

namespace Dream.Soak.Benchmarks;

/// <summary>One simulated agent: its key, passport, chain tip, and when each of its readings was published.</summary>
internal sealed class SoakDevice(Ed25519PrivateKey key, string passport, int capacity)
{
    private readonly long[] _publishedAt = new long[capacity + 1];
    private readonly byte[][] _messages = new byte[capacity + 1][];

    public Ed25519PrivateKey Key { get; } = key;

    public string Did { get; } = key.PublicKey.Did;

    public string Passport { get; } = passport;

    /// <summary>The hash of the last reading signed: the next one's previous hash.</summary>
    public string PreviousHash { get; set; } = Dream.Contracts.IntervalReading.GenesisHash;

    /// <summary>The sequence number of the last reading signed (publisher thread only).</summary>
    public long Signed { get; set; }

    /// <summary>The sequence number of the last reading published (publisher thread only).</summary>
    public long Sent { get; private set; }

    /// <summary>The highest sequence a receipt covered (receipt thread only).</summary>
    public long Receipted { get; set; }

    public bool HasRoom => Signed < _publishedAt.Length - 1;

    /// <summary>Whether a signed reading is waiting to be published.</summary>
    public bool HasNext => Sent < Signed;

    public void Keep(long sequence, byte[] message) => _messages[sequence] = message;

    /// <summary>The next signed reading to publish, marked as published now.</summary>
    public byte[] TakeNext(long timestamp)
    {
        Sent++;
        Volatile.Write(ref _publishedAt[Sent], timestamp);
        var message = _messages[Sent];
        _messages[Sent] = [];
        return message;
    }

    public long PublishedAt(long sequence) => Volatile.Read(ref _publishedAt[sequence]);
}
