using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Storage.Tests.DataModel.Builders;

/// <summary>Ids unique within the test run (so tests sharing nothing never meet), the catalog, and a fixed clock reading.</summary>
public static class A
{
    private static int s_next;

    public static OfferCatalog Catalog { get; } = OfferCatalog.LoadDefault();

    /// <summary>Monday 2024-03-11 09:30 UTC: inside every default subscription's term.</summary>
    public static DateTimeOffset Now { get; } = new(2024, 3, 11, 9, 30, 0, TimeSpan.Zero);

    public static DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    public static PartnerId Partner(string name = "partner") => new($"{name}-{Next()}");

    public static CustomerId Customer(string name = "customer") => new($"{name}-{Next()}");

    public static SubscriptionId Subscription(string name = "sub") => new($"{name}-{Next()}");

    public static OperationId Operation(string name = "op") => new($"{name}-{Next()}");

    public static int Next() => Interlocked.Increment(ref s_next);
}
