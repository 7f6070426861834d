using System.Globalization;
using System.Text.Json.Serialization;

namespace CspUpgrades.Domain.Primitives;

/// <summary>
/// An amount as a whole number of minor units (cents, yen, fils) plus its currency: never a
/// floating-point number, never without a currency. Arithmetic refuses mixed currencies
/// (<see cref="CurrencyMismatchException"/>) and overflow; converting from a decimal always names
/// its <see cref="MidpointRounding"/>.
/// </summary>
public readonly record struct Money
{
    private static readonly decimal[] PowersOfTen = [1m, 10m, 100m, 1000m];

    [JsonConstructor]
    public Money(long minorUnits, CurrencyCode currency)
    {
        if (currency.Code is null)
        {
            // Stryker disable once String : wording of a programming error; tests assert the exception and its parameter
            throw new ArgumentException("Money needs a currency.", nameof(currency));
        }

        MinorUnits = minorUnits;
        Currency = currency;
    }

    public long MinorUnits { get; }

    public CurrencyCode Currency { get; }

    public static Money Zero(CurrencyCode currency) => new(0, currency);

    /// <summary>Converts a major-unit amount (e.g. 3.875 USD) to minor units, rounding with <paramref name="rounding"/>.</summary>
    /// <exception cref="OverflowException">The amount does not fit in a <see cref="long"/> of minor units.</exception>
    public static Money FromDecimal(decimal amount, CurrencyCode currency, MidpointRounding rounding) =>
        new(decimal.ToInt64(decimal.Round(amount * Scale(currency), 0, rounding)), currency);

    /// <summary>The exact amount in major units (387 cents → 3.87).</summary>
    public decimal ToDecimal() => MinorUnits / Scale(Currency);

    /// <summary>Sums amounts that must all be in <paramref name="currency"/>; an empty sequence is zero.</summary>
    public static Money Sum(IEnumerable<Money> amounts, CurrencyCode currency)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        return amounts.Aggregate(Zero(currency), (total, amount) => total + amount);
    }

    public static Money operator +(Money left, Money right) =>
        new(checked(left.MinorUnits + SameCurrency(left, right).MinorUnits), left.Currency);

    public static Money operator -(Money left, Money right) =>
        new(checked(left.MinorUnits - SameCurrency(left, right).MinorUnits), left.Currency);

    public static Money operator -(Money amount) => new(checked(-amount.MinorUnits), amount.Currency);

    public static Money operator *(Money amount, int factor) => new(checked(amount.MinorUnits * factor), amount.Currency);

    public static Money Add(Money left, Money right) => left + right;

    public static Money Subtract(Money left, Money right) => left - right;

    public static Money Negate(Money amount) => -amount;

    public static Money Multiply(Money amount, int factor) => amount * factor;

    /// <summary>Invariant format with exactly the currency's digits: "3.87 USD", "968 JPY", "-3.871 BHD".</summary>
    public override string ToString() =>
        Currency.Code is null
            ? string.Empty
            : $"{ToDecimal().ToString("F" + Currency.Exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)} {Currency}";

    /// <summary>Parses the <see cref="ToString"/> format exactly; more digits than the currency has is an error, not a rounding.</summary>
    /// <exception cref="FormatException">Not "amount CODE", an unknown currency, or too many digits.</exception>
    public static Money Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2
            || !CurrencyCode.TryParse(parts[1], out var currency)
            || !decimal.TryParse(parts[0], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            throw new FormatException($"'{text}' is not an amount followed by a known currency code, e.g. '3.87 USD'.");
        }

        var minor = amount * Scale(currency);
        if (minor != decimal.Truncate(minor))
        {
            throw new FormatException($"'{text}' has more digits than {currency} allows ({currency.Exponent}).");
        }

        return new Money(decimal.ToInt64(minor), currency);
    }

    private static decimal Scale(CurrencyCode currency) => PowersOfTen[currency.Exponent];

    private static Money SameCurrency(Money left, Money right) =>
        left.Currency == right.Currency ? right : throw new CurrencyMismatchException(left.Currency, right.Currency);
}
