using System.Globalization;
using System.Numerics;
using System.Text;

namespace Dream.Meters.Decoding;

/// <summary>
/// A number held exactly: <see cref="Significand"/> x 2^<see cref="BinaryExponent"/> x 10^<see cref="DecimalExponent"/>.
/// Every register value is one: an integer register, a decimal scale (0.01 = 1 x 10^-2), a SunSpec scale
/// factor (10^sf) and the exact binary value of an IEEE 754 float (m x 2^e), and so is every product of them.
/// Nothing here goes through <see cref="double"/>: a meter's energy is converted and rounded exactly.
/// Equality compares the representation (1 x 10^1 is not 10 x 10^0); compare values after rounding.
/// </summary>
public readonly record struct ExactNumber(BigInteger Significand, int BinaryExponent, int DecimalExponent)
{
    private static readonly BigInteger[] s_powersOfTen = Enumerable.Range(0, 64).Select(n => BigInteger.Pow(10, n)).ToArray();

    public int Sign => Significand.Sign;

    public static ExactNumber FromInteger(BigInteger value) => new(value, 0, 0);

    /// <summary>A decimal exactly: its 96-bit integer and its power of ten (0.01m is 1 x 10^-2).</summary>
    public static ExactNumber FromDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var magnitude = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xFF;
        return new ExactNumber(bits[3] < 0 ? -magnitude : magnitude, 0, -scale);
    }

    /// <summary>The exact value of an IEEE 754 binary32 bit pattern; null for NaN and the infinities.</summary>
    public static ExactNumber? FromBinary32(uint bits) => FromIeee(bits >> 31 != 0, (int)((bits >> 23) & 0xFF), bits & 0x7F_FFFF, 8, 23);

    /// <summary>The exact value of an IEEE 754 binary64 bit pattern; null for NaN and the infinities.</summary>
    public static ExactNumber? FromBinary64(ulong bits) => FromIeee(bits >> 63 != 0, (int)((bits >> 52) & 0x7FF), bits & 0xF_FFFF_FFFF_FFFF, 11, 52);

    public ExactNumber Multiply(ExactNumber other) =>
        new(Significand * other.Significand, BinaryExponent + other.BinaryExponent, DecimalExponent + other.DecimalExponent);

    public ExactNumber TimesPowerOfTen(int exponent) => this with { DecimalExponent = DecimalExponent + exponent };

    /// <summary>
    /// The nearest integer, a tie going to the even one (round half to even). Rounding to nearest is monotonic:
    /// a larger value never rounds to a smaller integer, so a growing register never becomes a smaller number.
    /// </summary>
    public BigInteger RoundHalfEven()
    {
        var (numerator, denominator) = Fraction();
        if (denominator.IsOne)
        {
            return numerator;
        }

        var magnitude = BigInteger.Abs(numerator);
        var quotient = BigInteger.DivRem(magnitude, denominator, out var remainder);
        var twice = remainder << 1;
        var comparison = twice.CompareTo(denominator);
        if (comparison > 0 || (comparison == 0 && !quotient.IsEven))
        {
            quotient += BigInteger.One;
        }

        return numerator.Sign < 0 ? -quotient : quotient;
    }

    /// <summary>Rounds half to even to an integer; false when that integer does not fit in a long.</summary>
    public bool TryRoundToInt64(out long value)
    {
        var rounded = RoundHalfEven();
        if (rounded < long.MinValue || rounded > long.MaxValue)
        {
            value = 0;
            return false;
        }

        value = (long)rounded;
        return true;
    }

    /// <summary>
    /// Decimal text for people: every digit of the exact value (a binary fraction always has a finite decimal
    /// expansion) or, with <paramref name="significantDigits"/>, rounded half to even to that many significant
    /// digits (a float32 register carries about 7); trailing fraction zeros dropped. Always a valid JSON number.
    /// </summary>
    public string ToDecimalString(int? significantDigits = null)
    {
        // As an integer times 10^-digits: m x 2^-k = m x 5^k x 10^-k.
        var (integer, digits) = ToScaledInteger();
        if (significantDigits is int wanted && integer != 0)
        {
            var length = BigInteger.Abs(integer).ToString(CultureInfo.InvariantCulture).Length;
            var drop = length - wanted;
            if (drop > 0)
            {
                integer = new ExactNumber(integer, 0, -drop).RoundHalfEven();
                digits -= drop;
            }
        }

        if (digits < 0)
        {
            integer *= PowerOfTen(-digits);
            digits = 0;
        }

        var text = BigInteger.Abs(integer).ToString(CultureInfo.InvariantCulture);
        var builder = new StringBuilder();
        if (integer.Sign < 0)
        {
            builder.Append('-');
        }

        if (digits == 0)
        {
            return builder.Append(text).ToString();
        }

        text = text.PadLeft(digits + 1, '0');
        var whole = text[..^digits];
        var fraction = text[^digits..].TrimEnd('0');
        builder.Append(whole);
        if (fraction.Length > 0)
        {
            builder.Append('.').Append(fraction);
        }

        return builder.ToString();
    }

    public override string ToString() => ToDecimalString();

    internal static BigInteger PowerOfTen(int exponent) =>
        exponent < s_powersOfTen.Length ? s_powersOfTen[exponent] : BigInteger.Pow(10, exponent);

    private static ExactNumber? FromIeee(bool negative, int biasedExponent, ulong fraction, int exponentBits, int fractionBits)
    {
        var maxExponent = (1 << exponentBits) - 1;
        if (biasedExponent == maxExponent)
        {
            return null;
        }

        var bias = (1 << (exponentBits - 1)) - 1;
        // Subnormals have no hidden bit and the smallest exponent.
        var significand = biasedExponent == 0 ? fraction : fraction | (1UL << fractionBits);
        var exponent = (biasedExponent == 0 ? 1 : biasedExponent) - bias - fractionBits;
        var value = new BigInteger(significand);
        return new ExactNumber(negative ? -value : value, exponent, 0);
    }

    /// <summary>The value as numerator / denominator, the denominator a positive product of 2s and 10s.</summary>
    private (BigInteger Numerator, BigInteger Denominator) Fraction()
    {
        var numerator = Significand;
        var denominator = BigInteger.One;
        if (BinaryExponent >= 0)
        {
            numerator <<= BinaryExponent;
        }
        else
        {
            denominator <<= -BinaryExponent;
        }

        if (DecimalExponent >= 0)
        {
            numerator *= PowerOfTen(DecimalExponent);
        }
        else
        {
            denominator *= PowerOfTen(-DecimalExponent);
        }

        return (numerator, denominator);
    }

    /// <summary>The value as integer x 10^-digits, exactly (digits may be negative).</summary>
    private (BigInteger Integer, int Digits) ToScaledInteger()
    {
        var integer = Significand;
        var digits = -DecimalExponent;
        if (BinaryExponent >= 0)
        {
            integer <<= BinaryExponent;
        }
        else
        {
            integer *= BigInteger.Pow(5, -BinaryExponent);
            digits += -BinaryExponent;
        }

        return (integer, digits);
    }
}
