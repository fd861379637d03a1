using Dream.Market.Money;

namespace Dream.Market.Tests;

public sealed class MoneyTextTests
{
    [Theory]
    [InlineData(60, "EUR", "0.60 EUR")]
    [InlineData(0, "EUR", "0.00 EUR")]
    [InlineData(-60, "EUR", "-0.60 EUR")]
    [InlineData(-5, "RSD", "-0.05 RSD")]
    [InlineData(123_456, "USD", "1234.56 USD")]
    [InlineData(150, "JPY", "150 JPY")]
    [InlineData(-150, "JPY", "-150 JPY")]
    [InlineData(60, "KWD", "0.060 KWD")]
    [InlineData(-1, "BHD", "-0.001 BHD")]
    [InlineData(long.MaxValue, "EUR", "92233720368547758.07 EUR")]
    [InlineData(long.MinValue, "EUR", "-92233720368547758.08 EUR")]
    [InlineData(long.MinValue, "JPY", "-9223372036854775808 JPY")]
    public void Minor_units_show_in_currency_units_with_the_ISO_4217_exponent(long minor, string currency, string expected) =>
        Assert.Equal(expected, MoneyText.Format(minor, currency));

    [Theory]
    [InlineData("0.60", "EUR", 60)]
    [InlineData("0.6", "EUR", 60)]
    [InlineData("12", "EUR", 1200)]
    [InlineData(" 0.60 EUR ", "EUR", 60)]
    [InlineData("0.60EUR", "EUR", 60)]
    [InlineData("-1.25", "CHF", -125)]
    [InlineData("007.05", "GBP", 705)]
    [InlineData("150", "JPY", 150)]
    [InlineData("0.001", "KWD", 1)]
    [InlineData("92233720368547758.07", "EUR", long.MaxValue)]
    [InlineData("-92233720368547758.07", "EUR", -long.MaxValue)]
    public void Typed_amounts_parse_exactly_into_minor_units(string text, string currency, long expected) =>
        Assert.Equal(expected, MoneyText.Parse(text, currency));

    [Theory]
    [InlineData("0.605", "EUR", "has 3 decimals; EUR has 2")]
    [InlineData("150.5", "JPY", "JPY has no minor unit")]
    [InlineData("150.0", "JPY", "JPY has no minor unit")]
    [InlineData("0.0001", "KWD", "KWD has 3")]
    [InlineData("1,50", "EUR", "'.' as the decimal separator")]
    [InlineData("1.50 USD", "EUR", "the market's currency is EUR, not USD")]
    [InlineData("92233720368547758.08", "EUR", "too large")]
    [InlineData("1e3", "EUR", "not an amount")]
    [InlineData(".5", "EUR", "not an amount")]
    [InlineData("5.", "EUR", "not an amount")]
    [InlineData("+5", "EUR", "not an amount")]
    [InlineData("", "EUR", "not an amount")]
    [InlineData("٣", "EUR", "not an amount")]
    public void A_typed_amount_the_currency_cannot_hold_exactly_is_refused_and_says_why(string text, string currency, string why)
    {
        var e = Assert.Throws<FormatException>(() => MoneyText.Parse(text, currency));
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_amount_reads_back_as_itself_in_every_exponent()
    {
        var random = new Random(11);
        foreach (var currency in new[] { "JPY", "EUR", "KWD" })
        {
            for (long minor = -100_000; minor <= 100_000; minor++)
            {
                Assert.Equal(minor, MoneyText.Parse(MoneyText.Format(minor, currency), currency));
            }

            for (var i = 0; i < 100_000; i++)
            {
                var minor = random.NextInt64(-long.MaxValue, long.MaxValue);
                Assert.Equal(minor, MoneyText.Parse(MoneyText.FormatNumber(minor, currency), currency));
            }
        }
    }

    [Fact]
    public void An_unknown_currency_is_refused_not_guessed()
    {
        var e = Assert.Throws<MarketException>(() => MoneyText.Format(60, "XYZ"));
        Assert.Equal(MarketError.UnknownCurrency, e.Error);
        Assert.Contains("\"XYZ\" is not a currency Dream accepts", e.Message, StringComparison.Ordinal);
        Assert.Contains("EUR", e.Message, StringComparison.Ordinal);
        Assert.Equal(MarketError.UnknownCurrency, Assert.Throws<MarketException>(() => MoneyText.Parse("1", "eur")).Error);
        Assert.Equal("60 minor units", MoneyText.Describe(60, "XYZ"));
        Assert.Equal("60 minor units", MoneyText.Describe(60, null));
        Assert.Equal("0.60 EUR", MoneyText.Describe(60, "EUR"));
        Assert.Equal([0, 2, 2, 2, 2, 2, 3, 3], new[] { "JPY", "EUR", "RSD", "USD", "GBP", "CHF", "KWD", "BHD" }.Select(Iso4217.Exponent));
    }

    [Fact]
    public void A_tariff_in_a_currency_without_a_known_exponent_is_refused()
    {
        using var m = new MarketFixture(setUp: false);
        Assert.Equal(MarketError.UnknownCurrency, m.Refuse(m.Tariff(1, currency: "XYZ")));
        m.Accept(m.Tariff(1, currency: "JPY"));
    }
}
