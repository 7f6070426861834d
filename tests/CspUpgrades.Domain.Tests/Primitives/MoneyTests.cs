using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Tests.Primitives;

public class MoneyTests
{
    [Theory]
    [InlineData("USD", 2)]
    [InlineData("EUR", 2)]
    [InlineData("INR", 2)]
    [InlineData("GBP", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("BHD", 3)]
    [InlineData("KWD", 3)]
    [InlineData("JOD", 3)]
    [InlineData("OMR", 3)]
    [InlineData("TND", 3)]
    public void KnowsEachCurrencysMinorUnitExponent(string code, int exponent)
    {
        Assert.Equal(exponent, new CurrencyCode(code).Exponent);
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("usd")]
    [InlineData("")]
    [InlineData(null)]
    public void RefusesCurrenciesItDoesNotKnow(string? code)
    {
        Assert.False(CurrencyCode.TryParse(code, out _));
        Assert.Throws<ArgumentException>(() => new CurrencyCode(code!));
    }

    [Theory]
    [InlineData("3.875", "USD", MidpointRounding.AwayFromZero, 388)]
    [InlineData("3.875", "USD", MidpointRounding.ToEven, 388)]
    [InlineData("3.865", "USD", MidpointRounding.ToEven, 386)]
    [InlineData("3.865", "USD", MidpointRounding.AwayFromZero, 387)]
    [InlineData("-3.865", "USD", MidpointRounding.AwayFromZero, -387)]
    [InlineData("3.869", "USD", MidpointRounding.ToZero, 386)]
    [InlineData("1234.5", "JPY", MidpointRounding.AwayFromZero, 1235)]
    [InlineData("1.2345", "BHD", MidpointRounding.ToEven, 1234)]
    public void ConvertsFromADecimalWithANamedRounding(string amount, string currency, MidpointRounding rounding, long minorUnits)
    {
        var money = Money.FromDecimal(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), new CurrencyCode(currency), rounding);

        Assert.Equal(minorUnits, money.MinorUnits);
    }

    [Theory]
    [InlineData(387, "USD", "3.87 USD")]
    [InlineData(-5, "USD", "-0.05 USD")]
    [InlineData(968, "JPY", "968 JPY")]
    [InlineData(3871, "BHD", "3.871 BHD")]
    [InlineData(0, "KWD", "0.000 KWD")]
    public void FormatsWithExactlyTheCurrencysDigitsAndParsesBack(long minorUnits, string currency, string text)
    {
        var money = new Money(minorUnits, new CurrencyCode(currency));

        Assert.Equal(text, money.ToString());
        Assert.Equal(money, Money.Parse(text));
        Assert.Equal(money.ToDecimal(), Money.Parse(text).ToDecimal());
    }

    [Theory]
    [InlineData("3.875 USD")]
    [InlineData("1.5 JPY")]
    [InlineData("3.87")]
    [InlineData("3.87 XYZ")]
    [InlineData("three USD")]
    public void ParsingNeverRoundsSilently(string text)
    {
        Assert.Throws<FormatException>(() => Money.Parse(text));
    }

    [Fact]
    public void AddsSubtractsAndMultipliesInOneCurrency()
    {
        var a = Money.Parse("4.00 USD");
        var b = Money.Parse("1.13 USD");

        Assert.Equal(Money.Parse("5.13 USD"), a + b);
        Assert.Equal(Money.Parse("2.87 USD"), a - b);
        Assert.Equal(Money.Parse("-4.00 USD"), -a);
        Assert.Equal(Money.Parse("12.00 USD"), a * 3);
        Assert.Equal(Money.Parse("5.13 USD"), Money.Sum([a, b], CurrencyCode.Usd));
        Assert.Equal(Money.Zero(CurrencyCode.Usd), Money.Sum([], CurrencyCode.Usd));
    }

    [Fact]
    public void RefusesToMixCurrencies()
    {
        var usd = Money.Parse("4.00 USD");
        var eur = Money.Parse("4.00 EUR");

        Assert.Throws<CurrencyMismatchException>(() => usd + eur);
        Assert.Throws<CurrencyMismatchException>(() => usd - eur);
        Assert.Throws<CurrencyMismatchException>(() => Money.Sum([usd], CurrencyCode.Eur));
    }

    [Fact]
    public void RefusesToOverflow()
    {
        var max = new Money(long.MaxValue, CurrencyCode.Usd);

        Assert.Throws<OverflowException>(() => max + new Money(1, CurrencyCode.Usd));
        Assert.Throws<OverflowException>(() => max * 2);
    }

    [Fact]
    public void EqualAmountsInDifferentCurrenciesAreNotEqual()
    {
        Assert.NotEqual(new Money(100, CurrencyCode.Usd), new Money(100, CurrencyCode.Eur));
    }
}
