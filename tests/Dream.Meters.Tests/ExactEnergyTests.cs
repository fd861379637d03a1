using System.Globalization;
using Dream.Meters.Decoding;

namespace Dream.Meters.Tests;

/// <summary>
/// The signed Wh of every shipped profile's energy registers against register x scale computed independently:
/// integers with <see cref="decimal"/> arithmetic, floats from the exact digits .NET prints for the float's
/// binary value. The conversion under test is the pure function the reader uses (no Modbus here).
/// </summary>
public class ExactEnergyTests
{
    private const int IntegerSweep = 10_000_000;
    private const int FloatWindow = 400_000;
    private static readonly ProfileCatalog Catalog = ProfileCatalog.Load([RepositoryRoot.MeterProfiles]);

    /// <summary>Each shipped profile's energy registers, one row per distinct (type, scale): SunSpec integer
    /// models once per scale factor a meter may report.</summary>
    public static TheoryData<string, DataType, decimal, int> EnergyRegisters()
    {
        var data = new TheoryData<string, DataType, decimal, int>();
        foreach (var profile in Catalog.All)
        {
            var seen = new HashSet<(DataType, decimal, int)>();
            void Add(DataType type, decimal scale, int sf)
            {
                if (seen.Add((type, scale, sf)))
                {
                    data.Add(profile.Id, type, scale, sf);
                }
            }

            foreach (var q in profile.Quantities.Where(q => StandardQuantities.IsEnergy(q.Name)))
            {
                Add(q.Type, q.Scale, 0);
            }

            foreach (var q in profile.SunSpec?.Layouts.SelectMany(l => l.Quantities).Where(q => StandardQuantities.IsEnergy(q.Name)) ?? [])
            {
                foreach (var sf in q.ScaleFactorOffset is null ? [0] : new[] { -3, -2, -1, 0, 1, 2, 3 })
                {
                    Add(q.Type, 1, sf);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EnergyRegisters))]
    public void Every_register_value_signs_as_register_times_scale_exactly(string profile, DataType type, decimal scale, int sf)
    {
        var exact = RegisterConversion.Scale(scale, sf);
        var oracleScale = scale * Pow10(sf);
        var checkedValues = 0L;
        if (type is DataType.SingleFloat or DataType.DoubleFloat)
        {
            Assert.Equal(DataType.SingleFloat, type); // no shipped profile has a float64 energy register
            checkedValues += FloatWindows(exact, oracleScale);
        }
        else
        {
            // Every step from 0 to 10^7 (for the B23, every 0.01 kWh up to 100,000 kWh), then the whole range at random.
            for (ulong raw = 0; raw <= IntegerSweep; raw++)
            {
                var expected = decimal.ToInt64(Math.Round(raw * oracleScale, MidpointRounding.ToEven));
                var signed = RegisterConversion.ToWholeUnits(raw, type, exact);
                if (signed != expected)
                {
                    Assert.Fail($"{profile} {type} x {scale} x 10^{sf}: register {raw} signed {signed}, exactly {raw * oracleScale}.");
                }
            }

            checkedValues += IntegerSweep + 1 + RandomIntegers(profile, type, exact, oracleScale);
        }

        Assert.True(checkedValues >= 1_000_000, $"only {checkedValues} values checked");
    }

    [Theory]
    [InlineData(201UL, 2010L)]
    [InlineData(1606UL, 16060L)]
    [InlineData(0UL, 0L)]
    [InlineData(99_999_999UL, 999_999_990L)]
    public void An_abb_b23_register_in_hundredths_of_a_kwh_is_exact_ten_wh_steps(ulong register, long wh)
    {
        var q = Catalog.Get("abb-b23").Quantities.Single(q => q.Name == "energy_import");
        Assert.Equal(wh, RegisterConversion.ToWholeUnits(register, q.Type, RegisterConversion.Scale(q.Scale)));
    }

    [Theory]
    [InlineData(16.06f, 16060L)] // 16.0599994659... kWh: flooring gave 16059
    [InlineData(2.01f, 2010L)]
    [InlineData(0.0625f, 62L)] // exactly 62.5 Wh: the even neighbour
    [InlineData(0.1875f, 188L)] // exactly 187.5 Wh
    [InlineData(16.0625f, 16062L)] // exactly 16062.5 Wh
    [InlineData(16.1875f, 16188L)] // exactly 16187.5 Wh
    [InlineData(12345.6f, 12345600L)] // 12345.599609375 kWh
    public void An_eastron_float_in_kwh_rounds_half_to_even_from_its_exact_binary_value(float kwh, long wh)
    {
        var q = Catalog.Get("eastron-sdm630").Quantities.Single(q => q.Name == "energy_import");
        Assert.Equal(wh, RegisterConversion.ToWholeUnits(Bits(kwh), q.Type, RegisterConversion.Scale(q.Scale)));
    }

    [Fact]
    public void Just_below_and_above_half_a_wh_round_down_and_up()
    {
        var scale = RegisterConversion.Scale(1000);
        var half = Bits(0.0625f);
        Assert.Equal(62, RegisterConversion.ToWholeUnits(half - 1, DataType.SingleFloat, scale));
        Assert.Equal(63, RegisterConversion.ToWholeUnits(half + 1, DataType.SingleFloat, scale));
        Assert.Equal(62, RegisterConversion.ToWholeUnits(half, DataType.SingleFloat, scale));
    }

    [Theory]
    [InlineData(0.5f, 0L)]
    [InlineData(1.5f, 2L)]
    [InlineData(2.5f, 2L)]
    [InlineData(3.5f, 4L)]
    [InlineData(-2.5f, -2L)]
    public void A_sunspec_float_in_wh_rounds_half_to_even(float wh, long expected)
    {
        Assert.Equal(expected, RegisterConversion.ToWholeUnits(Bits(wh), DataType.SingleFloat, RegisterConversion.Scale(1)));
    }

    [Theory]
    [InlineData(25UL, -1, 2L)]
    [InlineData(35UL, -1, 4L)]
    [InlineData(15UL, -1, 2L)]
    [InlineData(12_345UL, 3, 12_345_000L)]
    [InlineData(1_250UL, -2, 12L)]
    [InlineData(1_350UL, -2, 14L)]
    public void A_sunspec_scale_factor_is_an_exact_power_of_ten(ulong register, int sf, long wh)
    {
        Assert.Equal(wh, RegisterConversion.ToWholeUnits(register, DataType.UnsignedInt, RegisterConversion.Scale(1, sf)));
    }

    [Fact]
    public void Sentinels_nan_and_values_beyond_any_meter_are_never_numbers()
    {
        var kwh = RegisterConversion.Scale(1000);
        Assert.Null(RegisterConversion.ToWholeUnits(0x7FC0_0000, DataType.SingleFloat, kwh));
        Assert.Null(RegisterConversion.ToWholeUnits(0x7F80_0000, DataType.SingleFloat, kwh));
        Assert.Null(RegisterConversion.ToWholeUnits(Bits(3e38f), DataType.SingleFloat, kwh));
        Assert.Null(RegisterConversion.ToWholeUnits(ulong.MaxValue, DataType.UnsignedLong, RegisterConversion.Scale(10)));
        Assert.Null(RegisterConversion.ToWholeUnits(0x8000_0000, DataType.SignedInt, RegisterConversion.Scale(100)));
        Assert.Null(RegisterConversion.ToWholeUnits(0, DataType.UnsignedInt, RegisterConversion.Scale(1), [0UL]));
    }

    [Fact]
    public void A_profile_scale_is_the_exact_decimal_of_its_json_text()
    {
        // A meter counting in 0.1 Wh steps: 0.1 is not a binary fraction, so a double would already be off.
        var json = File.ReadAllText(Path.Combine(RepositoryRoot.MeterProfiles, "abb-b23.json"))
            .Replace("\"scale\": 10,", "\"scale\": 0.1,", StringComparison.Ordinal);
        var profile = ProfileJson.Parse(json, "abb-b23.json");
        var q = profile.Quantities.First(q => q.Name == "energy_import");
        Assert.Equal(0.1m, q.Scale);
        Assert.Equal(new ExactNumber(1, 0, -1), RegisterConversion.Scale(q.Scale));
        Assert.Equal(4, RegisterConversion.ToWholeUnits(35, q.Type, RegisterConversion.Scale(q.Scale)));
        Assert.Equal(20, RegisterConversion.ToWholeUnits(201, q.Type, RegisterConversion.Scale(q.Scale)));
        Assert.Equal(2, RegisterConversion.ToWholeUnits(25, q.Type, RegisterConversion.Scale(q.Scale)));
    }

    [Fact]
    public void Exact_values_print_every_digit_or_the_float_precision()
    {
        var sixteen = ExactNumber.FromBinary32(Bits(16.06f))!.Value;
        Assert.Equal("16.059999465942382812", sixteen.ToDecimalString()[..21]);
        Assert.Equal("16.06", sixteen.ToDecimalString(7));
        Assert.Equal("2.01", RegisterConversion.Scale(0.01m).Multiply(ExactNumber.FromInteger(201)).ToDecimalString());
        Assert.Equal("-1630.5", ExactNumber.FromBinary32(Bits(-1630.5f))!.Value.ToDecimalString(7));
        Assert.Equal("120000", new ExactNumber(12, 0, 4).ToDecimalString(7));
    }

    private static long FloatWindows(ExactNumber exact, decimal oracleScale)
    {
        // Windows of consecutive bit patterns: monotonic everywhere, and equal to the exact value rounded
        // half to even. 0 (subnormals), around 1, 16.06, a power of two, 2^23 (spacing 1), 10^7 and 2^35.
        double[] anchors = [0, 1, 16.06, 1024, 8_388_608, 10_000_000, 34_359_738_368];
        var checkedValues = 0L;
        foreach (var anchor in anchors)
        {
            var start = anchor == 0 ? 0UL : Bits((float)anchor) - (FloatWindow / 2);

            long? previous = null;
            for (var i = 0UL; i < FloatWindow; i++)
            {
                var raw = start + i;
                var signed = RegisterConversion.ToWholeUnits(raw, DataType.SingleFloat, exact);
                Assert.NotNull(signed);
                if (previous > signed)
                {
                    Assert.Fail($"not monotonic: pattern 0x{raw:X} signs {signed} after {previous}");
                }

                previous = signed;
                double value = Float(raw);
                if (value >= 0.0625 && value < 1e12)
                {
                    var expected = decimal.ToInt64(Math.Round(ExactDecimal(value) * oracleScale, MidpointRounding.ToEven));
                    if (signed != expected)
                    {
                        Assert.Fail($"pattern 0x{raw:X} ({value:R}) signed {signed}, exactly {ExactDecimal(value) * oracleScale}");
                    }
                }

                checkedValues++;
            }
        }

        return checkedValues;
    }

    private static long RandomIntegers(string profile, DataType type, ExactNumber exact, decimal oracleScale)
    {
        var random = new Random(20_260_101);
        const int Count = 1_000_000;
        for (var n = 0; n < Count; n++)
        {
            var raw = (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);
            raw &= DataTypes.RegisterCount(type) switch { 1 => 0xFFFFUL, 2 => 0xFFFF_FFFFUL, _ => ulong.MaxValue };
            var signed = RegisterConversion.ToWholeUnits(raw, type, exact);
            if (RegisterCodec.IsNotAvailable(raw, type))
            {
                Assert.Null(signed);
                continue;
            }

            decimal register = type switch
            {
                DataType.SignedShort => (short)raw,
                DataType.SignedInt => (int)raw,
                DataType.SignedLong => (long)raw,
                _ => raw,
            };
            var wh = Math.Round(register * oracleScale, MidpointRounding.ToEven);
            long? expected = wh >= long.MinValue && wh <= long.MaxValue ? decimal.ToInt64(wh) : null;
            if (signed != expected)
            {
                Assert.Fail($"{profile} {type}: register 0x{raw:X} signed {signed}, exactly {register * oracleScale}.");
            }
        }

        return Count;
    }

    /// <summary>The exact decimal of a double (every float32 is one exactly): .NET prints the exact binary value's
    /// digits when asked for them, and every value checked has fewer than 28 significant digits.</summary>
    private static decimal ExactDecimal(double value) =>
        decimal.Parse(value.ToString("F40", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result = exponent > 0 ? result * 10 : result / 10;
        }

        return result;
    }

    private static uint Bits(float value) => BitConverter.SingleToUInt32Bits(value);

    private static float Float(ulong bits) => BitConverter.UInt32BitsToSingle((uint)bits);
}
