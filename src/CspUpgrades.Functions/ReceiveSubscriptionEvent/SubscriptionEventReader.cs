using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Functions.ReceiveSubscriptionEvent;

/// <summary>Checks an event field by field and turns it into a <see cref="SubscriptionChange"/>, or names the first bad field.</summary>
public static class SubscriptionEventReader
{
    public const string CustomerUpdated = "customer.updated";
    public const string SubscriptionUpdated = "subscription.updated";
    public const string LicensesAssigned = "subscription.licenses_assigned";
    public const int MaxUsers = 10_000;

    public static (SubscriptionChange? Change, string? Field, string? Error) Read(SubscriptionEvent e)
    {
        if (!PartnerId.TryParse(e.PartnerId, out var partner))
        {
            return Invalid("partnerId", "is required: 1-64 characters of A-Z, a-z, 0-9, '-', '_' or '.'.");
        }

        if (!CustomerId.TryParse(e.CustomerId, out var customer))
        {
            return Invalid("customerId", "is required: 1-64 characters of A-Z, a-z, 0-9, '-', '_' or '.'.");
        }

        if (e.OccurredAt is not { } occurredAt || !InRange(occurredAt.Year))
        {
            return Invalid("occurredAt", "is required: an ISO 8601 timestamp.");
        }

        return e.Type switch
        {
            CustomerUpdated => Profile(e.Customer, partner, customer, occurredAt),
            SubscriptionUpdated => Subscription(e.Subscription, partner, customer, occurredAt),
            LicensesAssigned => Licenses(e.Licenses, partner, customer, occurredAt),
            _ => Invalid("type", $"must be one of {CustomerUpdated}, {SubscriptionUpdated}, {LicensesAssigned}."),
        };
    }

    private static (SubscriptionChange?, string?, string?) Profile(CustomerPayload? payload, PartnerId partner, CustomerId customer, DateTimeOffset occurredAt)
    {
        if (payload?.DelegatedAdmin is not { } admin)
        {
            return Invalid("customer.delegatedAdmin", "is required for customer.updated.");
        }

        if (payload.Country is { } country && !IsCountryCode(country))
        {
            return Invalid("customer.country", "must be an ISO 3166-1 alpha-2 code: two capital letters, e.g. \"DE\".");
        }

        var profile = new CustomerProfile(
            payload.Region ?? Region.Global, new DelegatedAdminGrant(admin.Granted, admin.Services ?? []), payload.CompanyName, payload.Country);
        return (new SubscriptionChange.ProfileChanged(partner, customer, occurredAt, profile), null, null);
    }

    private static bool IsCountryCode(string value) => value is [>= 'A' and <= 'Z', >= 'A' and <= 'Z'];

    private static (SubscriptionChange?, string?, string?) Subscription(SubscriptionPayload? p, PartnerId partner, CustomerId customer, DateTimeOffset occurredAt)
    {
        if (p is null)
        {
            return Invalid("subscription", "is required for subscription.updated.");
        }

        if (!SubscriptionId.TryParse(p.Id, out var id))
        {
            return Invalid("subscription.id", "is required: 1-64 characters of A-Z, a-z, 0-9, '-', '_' or '.'.");
        }

        if (!OfferId.TryParse(p.OfferId, out var offer))
        {
            return Invalid("subscription.offerId", "is required: an offer id.");
        }

        if (p.Status is not { } status || p.BillingCycle is not { } cycle || p.Channel is not { } channel)
        {
            return Invalid("subscription", "needs status, billingCycle and channel.");
        }

        if (p.Quantity is not { } quantity || quantity is < 0 or > BillingLimits.MaxQuantity)
        {
            return Invalid("subscription.quantity", "must be a whole number from 0 to 1,000,000.");
        }

        if (p.TermStart is not { } start || p.TermEnd is not { } end || end <= start || !InRange(start.Year) || !InRange(end.Year))
        {
            return Invalid("subscription.termEnd", "termStart and termEnd are required dates in the years 2000-2100, and the term must end after it starts.");
        }

        if (!TryMoney(p.UnitPrice, out var price))
        {
            return Invalid("subscription.unitPrice", "needs an amount from 0 to 1,000,000 (e.g. \"4.00\", at most the currency's digits) and a known ISO 4217 currency.");
        }

        PartnerId? channelPartner = null;
        if (channel.PartnerId is not null)
        {
            if (!PartnerId.TryParse(channel.PartnerId, out var parsed))
            {
                return Invalid("subscription.channel.partnerId", "is not a valid partner id.");
            }

            channelPartner = parsed;
        }

        var addOns = new List<OfferId>();
        foreach (var addOn in p.AddOns ?? [])
        {
            if (!OfferId.TryParse(addOn, out var addOnId))
            {
                return Invalid("subscription.addOns", $"'{Truncate(addOn)}' is not a valid offer id.");
            }

            addOns.Add(addOnId);
        }

        var (users, usersError) = Users(p.AssignedUsers, "subscription.assignedUsers");
        if (usersError is not null)
        {
            return Invalid("subscription.assignedUsers", usersError);
        }

        var subscription = new Domain.Customers.Subscription
        {
            Id = id,
            OfferId = offer,
            Status = status,
            Quantity = quantity,
            Channel = new SalesChannel(channel.Kind, channel.PartnerName, channelPartner),
            BillingCycle = cycle,
            TermStart = start,
            TermEnd = end,
            UnitPrice = price,
            AddOnIds = addOns,
            AssignedUsers = users,
        };
        return (new SubscriptionChange.SubscriptionChanged(partner, customer, occurredAt, subscription, p.AssignedUsers is not null), null, null);
    }

    private static (SubscriptionChange?, string?, string?) Licenses(LicensesPayload? payload, PartnerId partner, CustomerId customer, DateTimeOffset occurredAt)
    {
        if (payload is null || !SubscriptionId.TryParse(payload.SubscriptionId, out var id))
        {
            return Invalid("licenses.subscriptionId", "is required for subscription.licenses_assigned.");
        }

        var (users, error) = Users(payload.AssignedUsers ?? [], "licenses.assignedUsers");
        return error is null
            ? (new SubscriptionChange.LicensesAssigned(partner, customer, occurredAt, id, users), null, null)
            : Invalid("licenses.assignedUsers", error);
    }

    private static (List<AssignedUser> Users, string? Error) Users(IReadOnlyList<UserPayload>? payload, string field)
    {
        var users = new List<AssignedUser>();
        if (payload is null)
        {
            return (users, null);
        }

        if (payload.Count > MaxUsers)
        {
            return (users, $"at most {MaxUsers} users per event.");
        }

        foreach (var user in payload)
        {
            if (!UserObjectId.TryParse(user.UserObjectId, out var userId))
            {
                return (users, $"every user needs a valid userObjectId ({field}).");
            }

            users.Add(new AssignedUser(userId, Truncate(user.Name) ?? string.Empty, Truncate(user.Email) ?? string.Empty, user.Services ?? []));
        }

        return (users, null);
    }

    private static bool TryMoney(MoneyPayload? payload, out Money money)
    {
        money = default;
        if (payload?.Amount is not { Length: <= 32 } amount || !IsPlainDecimal(amount) || payload.Currency is not { Length: 3 } currency)
        {
            return false;
        }

        try
        {
            money = Money.Parse($"{amount} {currency}");

            // Bounded where it enters, so no accepted price and quantity can overflow billing (BillingLimits).
            return BillingLimits.IsAcceptedUnitPrice(money);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            return false;
        }
    }

    // Dates far outside any real subscription (year 1, 9999) overflow billing-period arithmetic later.
    private static bool InRange(int year) => year is >= 2000 and <= 2100;

    /// <summary>Digits, optionally a point and more digits ("4", "4.00"): no signs, spaces, exponents or bare points.</summary>
    private static bool IsPlainDecimal(string amount)
    {
        var point = amount.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? amount : amount[..point];
        var fraction = point < 0 ? "0" : amount[(point + 1)..];
        return whole.Length > 0 && fraction.Length > 0 && whole.All(char.IsAsciiDigit) && fraction.All(char.IsAsciiDigit);
    }

    private static string? Truncate(string? text) => text is { Length: > 256 } ? text[..256] : text;

    private static (SubscriptionChange?, string?, string?) Invalid(string field, string error) => (null, field, $"'{field}' {error}");
}
