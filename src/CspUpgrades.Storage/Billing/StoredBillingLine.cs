using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Storage.Billing;

/// <summary>A billing line as stored, with the operation that wrote it.</summary>
public sealed record StoredBillingLine(BillingLine Line, OperationId OperationId);
