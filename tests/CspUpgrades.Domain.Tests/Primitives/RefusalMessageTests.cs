using System.Text.Json;
using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Domain.Tests.Builders;

namespace CspUpgrades.Domain.Tests.Primitives;

/// <summary>
/// A value the domain refuses is named in the refusal, so whoever reads the log or the operator's error can find it:
/// the unknown currency, the unparsable amount, the bad id, the missing subscription, the two currencies that met.
/// </summary>
public class RefusalMessageTests
{
    private static readonly Dictionary<string, (Action Refuse, string[] Names)> Cases = new()
    {
        ["an unknown currency"] = (() => _ = new CurrencyCode("XYZ"), ["XYZ"]),
        ["an amount that is not one"] = (() => Money.Parse("three USD"), ["three USD"]),
        ["an amount with too many digits"] = (() => Money.Parse("3.875 USD"), ["3.875 USD", "USD", "2"]),
        ["an invalid id"] = (() => _ = new OfferId("a/b"), ["OfferId", "64"]),
        ["a subscription the customer does not have"] = (() => A.Customer().Build().GetSubscription(new SubscriptionId("nope")), ["customer-1", "nope"]),
        ["amounts in two currencies"] = (() => _ = Money.Parse("1.00 USD") + Money.Parse("1.00 EUR"), ["USD", "EUR"]),
        ["a period that ends before it starts"] = (() => _ = new BillingPeriod(new DateOnly(2024, 2, 1), new DateOnly(2024, 1, 1)), ["2024-02-01", "2024-01-01"]),
        ["an id in JSON that is not one"] = (() => JsonSerializer.Deserialize<SubscriptionId>("\"a/b\""), ["SubscriptionId", "a/b"]),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ARefusalNamesTheValueItRefuses(string caseName)
    {
        var (refuse, names) = Cases[caseName];

        var error = Assert.ThrowsAny<Exception>(refuse);

        Assert.All(names, name => Assert.Contains(name, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void DefaultValuesPrintAsNothing()
    {
        Assert.All(
            new object[] { default(CustomerId), default(OfferId), default(OperationId), default(PartnerId), default(SubscriptionId), default(UserObjectId), default(CurrencyCode), default(Money) },
            value => Assert.Equal(string.Empty, value.ToString()));
    }

    [Fact]
    public void ACatalogErrorMadeWithoutDetailsBlamesTheWholeCatalogAndNoField()
    {
        var errors = new[] { new CatalogValidationException(), new CatalogValidationException("broken"), new CatalogValidationException("broken", new FormatException()) };

        Assert.All(errors, error => Assert.Equal((CatalogValidationException.WholeCatalog, string.Empty), (error.Offer, error.Field)));
    }
}
