namespace Dream.Meters.Polling;

/// <summary>Registers one value needs: [Address, Address + Count).</summary>
public readonly record struct RegisterSpan(byte Function, ushort Address, int Count)
{
    public int End => Address + Count;
}
