using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Catalog;

/// <summary>One offer of the catalog, as loaded and validated from <c>offers.json</c>.</summary>
public sealed record Offer
{
    public required OfferId Id { get; init; }

    public required string DisplayName { get; init; }

    /// <summary>Other names partners know it by, e.g. the April 2020 "Microsoft 365 …" names.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public required OfferFamily Family { get; init; }

    public required Region Region { get; init; }

    public required IReadOnlyList<ServiceKind> Services { get; init; }

    /// <summary>The offers a subscription of this offer may be upgraded to, in catalog order.</summary>
    public IReadOnlyList<OfferId> UpgradeTargets { get; init; } = [];

    /// <summary>
    /// Monthly list price of one license, per currency. Illustrative defaults ship in <c>offers.json</c>;
    /// an operator replaces them with the price list in force.
    /// </summary>
    public IReadOnlyDictionary<CurrencyCode, Money> ListPrices { get; init; } = new Dictionary<CurrencyCode, Money>();

    /// <summary>The list price of one license for one billing period of <paramref name="cycle"/>, or null when not priced in that currency.</summary>
    public Money? UnitPriceFor(CurrencyCode currency, BillingCycle cycle) =>
        ListPrices.TryGetValue(currency, out var monthly)
            ? cycle == BillingCycle.Annual ? monthly * 12 : monthly
            : null;

    public bool Includes(ServiceKind service) => Services.Contains(service);

    public bool IncludesAll(IEnumerable<ServiceKind> services) => services.All(Includes);
}
