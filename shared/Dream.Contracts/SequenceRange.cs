namespace Dream.Contracts;

/// <summary>An inclusive range of a device's sequence numbers (<c>{"from":…,"to":…}</c> in a receipt).</summary>
public readonly record struct SequenceRange(long From, long To)
{
    public long Count => To - From + 1;

    public bool Contains(long sequence) => sequence >= From && sequence <= To;
}
