using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;

namespace CspUpgrades.Functions.ReceiveSubscriptionEvent;

/// <summary>
/// A change from the partner's system of record (Partner Center sync). <c>type</c> says which part is
/// present: <c>customer.updated</c> → <see cref="Customer"/>, <c>subscription.updated</c> (created or
/// changed, full state) → <see cref="Subscription"/>, <c>subscription.licenses_assigned</c> → <see cref="Licenses"/>.
/// Documented with a worked example in docs/API.md.
/// </summary>
public sealed record SubscriptionEvent(
    string? Type,
    DateTimeOffset? OccurredAt,
    string? PartnerId,
    string? CustomerId,
    CustomerPayload? Customer,
    SubscriptionPayload? Subscription,
    LicensesPayload? Licenses);

public sealed record CustomerPayload(Region? Region, string? CompanyName, DelegatedAdminPayload? DelegatedAdmin, string? Country = null);

public sealed record DelegatedAdminPayload(bool Granted, IReadOnlyList<ServiceKind>? Services);

public sealed record SubscriptionPayload(
    string? Id,
    string? OfferId,
    SubscriptionStatus? Status,
    int? Quantity,
    ChannelPayload? Channel,
    BillingCycle? BillingCycle,
    DateOnly? TermStart,
    DateOnly? TermEnd,
    MoneyPayload? UnitPrice,
    IReadOnlyList<string>? AddOns,
    IReadOnlyList<UserPayload>? AssignedUsers);

public sealed record ChannelPayload(ChannelKind Kind, string? PartnerName, string? PartnerId);

/// <summary>An exact decimal amount as a string ("4.00") and an ISO 4217 code.</summary>
public sealed record MoneyPayload(string? Amount, string? Currency);

public sealed record UserPayload(string? UserObjectId, string? Name, string? Email, IReadOnlyList<ServiceKind>? Services);

public sealed record LicensesPayload(string? SubscriptionId, IReadOnlyList<UserPayload>? AssignedUsers);
