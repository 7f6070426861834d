using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Functions.ReceiveSubscriptionEvent;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>
/// Webhook events about one customer of one partner, as the partner's Partner Center sync sends them:
/// the only way state enters the app in these tests. Subscriptions are monthly, in a term that started
/// two months before this one, so today always falls inside a billing period of it.
/// </summary>
public sealed class CustomerEvents(string partnerId, string customerId)
{
    public static readonly DateOnly TermStart = FirstOfThisMonth().AddMonths(-2);

    public string PartnerId { get; } = partnerId;

    public string CustomerId { get; } = customerId;

    /// <summary><c>customer.updated</c>: delegated admin for every service unless told otherwise.</summary>
    public SubscriptionEvent Profile(bool delegatedAdmin = true) => Event(
        SubscriptionEventReader.CustomerUpdated,
        customer: new CustomerPayload(Region.Global, CustomerId, new DelegatedAdminPayload(delegatedAdmin, delegatedAdmin ? Enum.GetValues<ServiceKind>() : [])));

    /// <summary><c>subscription.updated</c>: the subscription's full state.</summary>
    /// <param name="unitPrice">Per license per month, in USD, e.g. "5.00".</param>
    /// <param name="termStart">Default: <see cref="TermStart"/>; the term runs a year from it.</param>
    public SubscriptionEvent Subscription(
        string id, string offerId, int quantity, string unitPrice, SubscriptionStatus status = SubscriptionStatus.Active,
        ChannelPayload? channel = null, IReadOnlyList<UserPayload>? users = null, DateOnly? termStart = null) => Event(
        SubscriptionEventReader.SubscriptionUpdated,
        subscription: new SubscriptionPayload(
            id, offerId, status, quantity, channel ?? ThisPartner, BillingCycle.Monthly, termStart ?? TermStart, (termStart ?? TermStart).AddYears(1),
            new MoneyPayload(unitPrice, "USD"), AddOns: [], AssignedUsers: users));

    /// <summary><c>subscription.licenses_assigned</c>: who holds the subscription's licenses now.</summary>
    public SubscriptionEvent Licenses(string subscriptionId, params UserPayload[] users) => Event(
        SubscriptionEventReader.LicensesAssigned,
        licenses: new LicensesPayload(subscriptionId, users));

    public static ChannelPayload ThisPartner => new(ChannelKind.ThisPartner, null, null);

    public static ChannelPayload OtherPartner(string name) => new(ChannelKind.OtherPartner, name, null);

    public static ChannelPayload Direct => new(ChannelKind.Direct, null, null);

    public static UserPayload User(string id, params ServiceKind[] services) =>
        new(id, "User " + id, id + "@example.com", services);

    private SubscriptionEvent Event(string type, CustomerPayload? customer = null, SubscriptionPayload? subscription = null, LicensesPayload? licenses = null) =>
        new(type, DateTimeOffset.UtcNow, PartnerId, CustomerId, customer, subscription, licenses);

    private static DateOnly FirstOfThisMonth()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return new DateOnly(today.Year, today.Month, 1);
    }
}
