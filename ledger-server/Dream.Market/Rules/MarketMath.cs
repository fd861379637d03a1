namespace Dream.Market.Rules;

/// <summary>
/// The market's integer arithmetic, with its rounding rules in one place (docs/market.md):
/// deposits and fees round up (in favour of the grid), pro-rata refunds round down (in favour of the
/// power company that covered the shortfall), and splits give the remainder to the last part.
/// </summary>
public static class MarketMath
{
    /// <summary>⌈amountWh × perKwh / 1000⌉ minor units.</summary>
    public static long PerKwhCeiling(long amountWh, long perKwh)
    {
        var product = (Int128)amountWh * perKwh;
        var result = (product + 999) / 1000;
        if (result > long.MaxValue)
        {
            throw new MarketException(MarketError.AmountOverflow, $"{amountWh} Wh at {perKwh} per kWh exceeds the 64-bit range.");
        }

        return (long)result;
    }

    /// <summary>⌊total × part / whole⌋: the share of <paramref name="total"/> that <paramref name="part"/> of <paramref name="whole"/> earns.</summary>
    public static long ProRataFloor(long total, long part, long whole) => (long)((Int128)total * part / whole);

    /// <summary>Splits <paramref name="total"/> in proportion to <paramref name="parts"/>: each part gets its floor share, the last gets the remainder, so the sum is exact.</summary>
    public static long[] SplitExactly(long total, IReadOnlyList<long> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var whole = parts.Sum();
        var shares = new long[parts.Count];
        var given = 0L;
        for (var i = 0; i < parts.Count - 1; i++)
        {
            shares[i] = ProRataFloor(total, parts[i], whole);
            given += shares[i];
        }

        shares[^1] = total - given;
        return shares;
    }

    public static long CheckedAdd(long a, long b)
    {
        try
        {
            return checked(a + b);
        }
        catch (OverflowException e)
        {
            throw new MarketException(MarketError.AmountOverflow, "The amount would exceed the 64-bit range.", e);
        }
    }
}
