using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Planning;

/// <summary>Seats added to a subscription mid-period, and the prorated charge for them.</summary>
public sealed record AddLicensesPlan(OperationId OperationId, Subscription Subscription, int AddedQuantity, BillingLine Charge);
