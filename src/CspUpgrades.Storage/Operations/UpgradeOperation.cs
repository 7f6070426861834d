using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Storage.Operations;

/// <summary>
/// One accepted upgrade request and, once finished, its outcome. The target's unit price is fixed
/// when the request is accepted, so a redelivered message bills exactly what the first one would.
/// </summary>
public sealed record UpgradeOperation
{
    public required OperationId Id { get; init; }
    public required PartnerId PartnerId { get; init; }
    public required CustomerId CustomerId { get; init; }
    public required UpgradeRequest Request { get; init; }
    public required Money TargetUnitPrice { get; init; }

    /// <summary>Hash of the request as the partner sent it: an idempotent replay must match it.</summary>
    public required string RequestHash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public OperationStatus Status { get; init; } = OperationStatus.Queued;
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Set when the operation finished, successfully or not.</summary>
    public UpgradeResult? Result { get; init; }

    public IReadOnlyList<BillingLine> BillingLines { get; init; } = [];

    /// <summary>W3C trace context of the request, carried to the execution.</summary>
    public string? TraceParent { get; init; }

    public bool IsFinished => Status is OperationStatus.Succeeded or OperationStatus.Failed;
}
