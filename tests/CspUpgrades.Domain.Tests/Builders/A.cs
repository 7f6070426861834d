namespace CspUpgrades.Domain.Tests.Builders;

/// <summary>Entry point for test data: <c>A.Customer().With(A.Subscription(Offers.Business))</c>.</summary>
public static class A
{
    public static CustomerBuilder Customer() => new();

    public static SubscriptionBuilder Subscription(string offerId) => new(offerId);

    public static UserBuilder User(string name) => new(name);
}
