using System.Globalization;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Functions.Http;

/// <summary>Money on the wire: the exact decimal amount as a string (no float rounding), its currency, and the minor units.</summary>
public sealed record MoneyResponse(string Amount, string Currency, long MinorUnits)
{
    public static MoneyResponse From(Money money) => new(
        money.ToDecimal().ToString("F" + money.Currency.Exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
        money.Currency.Code,
        money.MinorUnits);
}
