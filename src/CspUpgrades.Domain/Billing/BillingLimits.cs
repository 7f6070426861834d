using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Billing;

/// <summary>
/// The largest prices and quantities the service accepts, wherever they enter (webhook, requests, the catalog). Within
/// them no billing arithmetic can overflow: one line is at most 10^6 major units × 10^3 (the largest currency exponent)
/// × 10^6 seats = 10^15 minor units, against a <see cref="long"/>'s 9.2 × 10^18.
/// </summary>
public static class BillingLimits
{
    /// <summary>Seats one subscription may hold (webhook <c>subscription.quantity</c>; AddLicenses may not grow one past it).</summary>
    public const int MaxQuantity = 1_000_000;

    /// <summary>Major units of one license for one billing period (monthly, or annual: a catalog's monthly price × 12 too).</summary>
    public const long MaxUnitPriceMajor = 1_000_000;

    /// <summary><see cref="MaxUnitPriceMajor"/> in <paramref name="currency"/>'s minor units.</summary>
    public static long MaxUnitPriceMinor(CurrencyCode currency) => MaxUnitPriceMajor * (long)Math.Pow(10, currency.Exponent);

    /// <summary>Not negative and not above <see cref="MaxUnitPriceMajor"/>.</summary>
    public static bool IsAcceptedUnitPrice(Money price) => price.MinorUnits >= 0 && price.MinorUnits <= MaxUnitPriceMinor(price.Currency);
}
