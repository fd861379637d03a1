using Dream.Crypto;

namespace Dream.Soak.Benchmarks;

/// <summary>One simulated agent: its key, passport, chain tip, and when each of its readings was published.</summary>
internal sealed class SoakDevice(Ed25519PrivateKey key, string passport, int capacity)
{
    private readonly long[] _publishedAt = new long[capacity + 1];

    public Ed25519PrivateKey Key { get; } = key;

    public string Did { get; } = key.PublicKey.Did;

    public string Passport { get; } = passport;

    /// <summary>The hash of the last reading signed: the next one's previous hash.</summary>
    public string PreviousHash { get; set; } = Dream.Contracts.IntervalReading.GenesisHash;

    /// <summary>The sequence number of the last reading signed (publisher thread only).</summary>
    public long Signed { get; set; }

    /// <summary>The highest sequence a receipt covered (receipt thread only).</summary>
    public long Receipted { get; set; }

    public bool HasRoom => Signed < _publishedAt.Length - 1;

    public void MarkPublished(long sequence, long timestamp) => Volatile.Write(ref _publishedAt[sequence], timestamp);

    public long PublishedAt(long sequence) => Volatile.Read(ref _publishedAt[sequence]);
}
