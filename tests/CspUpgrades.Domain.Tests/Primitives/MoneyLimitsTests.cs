using System.Globalization;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Tests.Primitives;

/// <summary>Money's edges: what it refuses to build, to parse and to compute rather than answer wrong.</summary>
public class MoneyLimitsTests
{
    private static readonly Money Max = new(long.MaxValue, CurrencyCode.Usd);
    private static readonly Money Min = new(long.MinValue, CurrencyCode.Usd);
    private static readonly Money OneCent = new(1, CurrencyCode.Usd);

    private static readonly Dictionary<string, Func<Money>> Overflows = new()
    {
        ["max + 1"] = () => Max + OneCent,
        ["Add(max, 1)"] = () => Money.Add(Max, OneCent),
        ["min - 1"] = () => Min - OneCent,
        ["Subtract(min, 1)"] = () => Money.Subtract(Min, OneCent),
        ["-min"] = () => -Min,
        ["Negate(min)"] = () => Money.Negate(Min),
        ["max × 2"] = () => Max * 2,
        ["Multiply(max, 2)"] = () => Money.Multiply(Max, 2),
        ["min × -1"] = () => Min * -1,
        ["a decimal beyond a long"] = () => Money.FromDecimal(92_233_720_368_547_758.08m, CurrencyCode.Usd, MidpointRounding.AwayFromZero),
        ["a sum beyond a long"] = () => Money.Sum([Max, OneCent], CurrencyCode.Usd),
    };

    public static TheoryData<string> OverflowNames() => new(Overflows.Keys);

    [Theory]
    [MemberData(nameof(OverflowNames))]
    public void RefusesToOverflowInEveryOperation(string operation)
    {
        var compute = Overflows[operation];

        Assert.Throws<OverflowException>(() => compute());
    }

    [Fact]
    public void TheNamedOperationsAgreeWithTheOperators()
    {
        var a = Money.Parse("4.00 USD");
        var b = Money.Parse("1.13 USD");

        Assert.Equal((a + b, a - b, -a, a * 3), (Money.Add(a, b), Money.Subtract(a, b), Money.Negate(a), Money.Multiply(a, 3)));
        Assert.Equal(Max, Max - OneCent + OneCent);
        Assert.Equal(new Money(-long.MaxValue, CurrencyCode.Usd), -Max);
    }

    [Fact]
    public void RefusesAnAmountWithoutACurrency()
    {
        var error = Assert.Throws<ArgumentException>(() => new Money(1, default));

        Assert.Equal("currency", error.ParamName);
    }

    [Fact]
    public void TheDefaultAmountPrintsAsNothing()
    {
        Assert.Equal(string.Empty, default(Money).ToString());
    }

    [Theory]
    [InlineData("  3.87   USD ", 387, "USD")]
    [InlineData("+3.87 USD", 387, "USD")]
    [InlineData("-0.005 BHD", -5, "BHD")]
    [InlineData("12 JPY", 12, "JPY")]
    [InlineData("3.870 USD", 387, "USD")]
    public void ParsesAnAmountAndACodeSeparatedBySpaces(string text, long minorUnits, string currency)
    {
        Assert.Equal(new Money(minorUnits, new CurrencyCode(currency)), Money.Parse(text));
    }

    [Theory]
    [InlineData("3.87 USD extra")]
    [InlineData("USD")]
    [InlineData("")]
    [InlineData("1,000.00 USD")]
    [InlineData("1e3 USD")]
    [InlineData("(3.87) USD")]
    [InlineData("3.87 usd")]
    [InlineData("0.5 JPY")]
    [InlineData("0.0001 BHD")]
    public void RefusesAnythingButAnAmountAndAKnownCode(string text)
    {
        Assert.Throws<FormatException>(() => Money.Parse(text));
    }

    [Fact]
    public void ConvertsToAnExactDecimalInMajorUnits()
    {
        Assert.Equal(
            (3.87m, 968m, -3.871m),
            (new Money(387, CurrencyCode.Usd).ToDecimal(), new Money(968, CurrencyCode.Jpy).ToDecimal(), new Money(-3871, CurrencyCode.Bhd).ToDecimal()));
        Assert.Equal("3.871", new Money(3871, CurrencyCode.Bhd).ToDecimal().ToString(CultureInfo.InvariantCulture));
    }
}
