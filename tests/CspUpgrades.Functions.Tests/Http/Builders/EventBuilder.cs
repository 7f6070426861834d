using System.Globalization;
using System.Text.Json.Nodes;

namespace CspUpgrades.Functions.Tests.Http.Builders;

/// <summary>A subscription as the sync source reports it; <c>with</c> changes one thing.</summary>
public sealed record SubscriptionSpec(string Id, string OfferId)
{
    public string Status { get; init; } = "active";
    public int Quantity { get; init; } = 10;
    public string Channel { get; init; } = "this_partner";
    public string? ChannelPartnerName { get; init; }
    public string BillingCycle { get; init; } = "monthly";
    public DateOnly TermStart { get; init; } = EventBuilder.DefaultTermStart;
    public DateOnly TermEnd { get; init; } = EventBuilder.DefaultTermStart.AddYears(1);
    public string UnitPrice { get; init; } = "5.00";
    public string Currency { get; init; } = "USD";
    public IReadOnlyList<string> AddOns { get; init; } = [];

    /// <summary>Null: the event leaves the stored users as they are.</summary>
    public IReadOnlyList<UserSpec>? Users { get; init; }

    public SubscriptionSpec Suspended() => this with { Status = "suspended" };

    public SubscriptionSpec Pending() => this with { Status = "pending" };

    public SubscriptionSpec Cancelled() => this with { Status = "cancelled" };

    public SubscriptionSpec ThroughOtherPartner(string partnerName) => this with { Channel = "other_partner", ChannelPartnerName = partnerName };

    public SubscriptionSpec BoughtDirectly() => this with { Channel = "direct" };
}

public sealed record UserSpec(string UserObjectId, string Name, string Email, params string[] Services);

/// <summary>A customer profile as the sync source reports it.</summary>
public sealed record CustomerSpec
{
    public string Region { get; init; } = "Global";
    public string CompanyName { get; init; } = "Test Company";

    /// <summary>Null: the event does not say.</summary>
    public string? Country { get; init; }
    public bool DelegatedAdmin { get; init; } = true;

    /// <summary>Null: every service.</summary>
    public IReadOnlyList<string>? DelegatedServices { get; init; }

    public static CustomerSpec Default { get; } = new();

    public static CustomerSpec India { get; } = new() { Region = "India" };

    public static CustomerSpec WithoutDelegatedAdmin { get; } = new() { DelegatedAdmin = false, DelegatedServices = [] };
}

/// <summary>
/// Webhook events (docs/API.md, "Webhook events") as JSON, for <c>WorkerApp.PostEventAsync</c>.
/// <see cref="Set"/> and <see cref="Remove"/> reach any field by a dotted path, for tests of invalid events.
/// </summary>
public sealed class EventBuilder
{
    public static readonly string[] AllServices =
    [
        "ExchangeMailbox", "SharePoint", "OneDrive", "Teams", "OfficeWebApps", "OfficeDesktopApps",
        "ComplianceArchiving", "AdvancedSecurity", "PhoneSystem", "AudioConferencing", "PowerBIPro",
    ];

    /// <summary>The first of the month, three months ago: today is always inside the first year of the term.</summary>
    public static readonly DateOnly DefaultTermStart = FirstOfMonth(DateTimeOffset.UtcNow).AddMonths(-3);

    private readonly JsonObject _event;

    private EventBuilder(string type, string partnerId, string customerId, string part, JsonObject payload)
    {
        _event = new JsonObject
        {
            ["type"] = type,
            ["occurredAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture),
            ["partnerId"] = partnerId,
            ["customerId"] = customerId,
            [part] = payload,
        };
    }

    public static EventBuilder CustomerUpdated(string partnerId, string customerId, CustomerSpec? customer = null)
    {
        var spec = customer ?? CustomerSpec.Default;
        var payload = new JsonObject
        {
            ["region"] = spec.Region,
            ["companyName"] = spec.CompanyName,
            ["delegatedAdmin"] = new JsonObject
            {
                ["granted"] = spec.DelegatedAdmin,
                ["services"] = Array(spec.DelegatedServices ?? (spec.DelegatedAdmin ? AllServices : [])),
            },
        };
        if (spec.Country is { } country)
        {
            payload["country"] = country;
        }

        return new("customer.updated", partnerId, customerId, "customer", payload);
    }

    public static EventBuilder SubscriptionUpdated(string partnerId, string customerId, SubscriptionSpec subscription)
    {
        var payload = new JsonObject
        {
            ["id"] = subscription.Id,
            ["offerId"] = subscription.OfferId,
            ["status"] = subscription.Status,
            ["quantity"] = subscription.Quantity,
            ["channel"] = subscription.ChannelPartnerName is null
                ? new JsonObject { ["kind"] = subscription.Channel }
                : new JsonObject { ["kind"] = subscription.Channel, ["partnerName"] = subscription.ChannelPartnerName },
            ["billingCycle"] = subscription.BillingCycle,
            ["termStart"] = Date(subscription.TermStart),
            ["termEnd"] = Date(subscription.TermEnd),
            ["unitPrice"] = new JsonObject { ["amount"] = subscription.UnitPrice, ["currency"] = subscription.Currency },
            ["addOns"] = Array(subscription.AddOns),
        };
        if (subscription.Users is { } users)
        {
            payload["assignedUsers"] = Users(users);
        }

        return new("subscription.updated", partnerId, customerId, "subscription", payload);
    }

    public static EventBuilder LicensesAssigned(string partnerId, string customerId, string subscriptionId, params UserSpec[] users) =>
        new("subscription.licenses_assigned", partnerId, customerId, "licenses", new JsonObject
        {
            ["subscriptionId"] = subscriptionId,
            ["assignedUsers"] = Users(users),
        });

    public EventBuilder OccurredAt(DateTimeOffset at) => Set("occurredAt", at.ToString("O", CultureInfo.InvariantCulture));

    /// <summary>Sets (or adds) the field at a dotted path such as <c>subscription.channel.kind</c>.</summary>
    public EventBuilder Set(string path, JsonNode? value)
    {
        var (parent, name) = Locate(path);
        parent[name] = value;
        return this;
    }

    public EventBuilder Remove(string path)
    {
        var (parent, name) = Locate(path);
        parent.Remove(name);
        return this;
    }

    public JsonObject Build() => (JsonObject)_event.DeepClone();

    public static UserSpec User(string id, params string[] services) => new(id, "User " + id, id + "@example.test", services);

    private (JsonObject Parent, string Name) Locate(string path)
    {
        var parts = path.Split('.');
        var node = _event;
        foreach (var part in parts[..^1])
        {
            node = (JsonObject)node[part]!;
        }

        return (node, parts[^1]);
    }

    private static JsonArray Users(IEnumerable<UserSpec> users) => new(users.Select(user => (JsonNode)new JsonObject
    {
        ["userObjectId"] = user.UserObjectId,
        ["name"] = user.Name,
        ["email"] = user.Email,
        ["services"] = Array(user.Services),
    }).ToArray());

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(value => (JsonNode)JsonValue.Create(value)).ToArray());

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly FirstOfMonth(DateTimeOffset now) => new(now.UtcDateTime.Year, now.UtcDateTime.Month, 1);
}
