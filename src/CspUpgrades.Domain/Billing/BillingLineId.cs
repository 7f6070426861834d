using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Billing;

/// <summary>
/// Key of a billing line: the operation id plus the line's kind ("{operationId}-credit"). An operation
/// has at most one line of each kind, so a replay produces the same key and storage refuses the duplicate.
/// </summary>
public static class BillingLineId
{
    public static string For(OperationId operationId, BillingLineKind kind) =>
        $"{operationId.Value}-{(kind == BillingLineKind.Credit ? "credit" : "charge")}";
}
