using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Functions.Http;
using CspUpgrades.Storage.Operations;

namespace CspUpgrades.Functions.Upgrades;

/// <summary>An upgrade operation: its request, its status, and once finished its result and billing lines.</summary>
public sealed record OperationResponse(
    string Id,
    OperationStatus Status,
    string CustomerId,
    string SourceSubscriptionId,
    string TargetOffer,
    UpgradeType UpgradeType,
    int? Quantity,
    MoneyResponse TargetUnitPrice,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    UpgradeResult? Result,
    IReadOnlyList<BillingLineResponse> BillingLines)
{
    public static string LocationOf(string operationId) => "/api/operations/" + operationId;

    public static OperationResponse From(UpgradeOperation operation) => new(
        operation.Id.Value,
        operation.Status,
        operation.CustomerId.Value,
        operation.Request.SourceSubscriptionId.Value,
        operation.Request.TargetOfferId.Value,
        operation.Request.UpgradeType,
        operation.Request.Quantity,
        MoneyResponse.From(operation.TargetUnitPrice),
        operation.CreatedAt,
        operation.CompletedAt,
        operation.Result,
        operation.BillingLines.Select(BillingLineResponse.From).ToList());
}
