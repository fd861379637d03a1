namespace Dream.Meters.Polling;

/// <summary>One read request of a poll plan.</summary>
public sealed record ReadBlock(byte Function, ushort Address, ushort Count)
{
    public int End => Address + Count;

    public bool Covers(RegisterSpan span) => span.Function == Function && span.Address >= Address && span.End <= End;
}
