using CspUpgrades.Functions.Http;

namespace CspUpgrades.Functions.AddLicenses;

/// <summary>The subscription with its new quantity and version, and the prorated charge for the added seats.</summary>
public sealed record AddLicensesResponse(SubscriptionResponse Subscription, BillingLineResponse Charge);
