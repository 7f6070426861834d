namespace CspUpgrades.Functions.Tests.Reliability;

/// <summary>An upgrade the app answered <c>202</c> for: what was asked, and whether another upgrade of the same subscription was asked at the same time.</summary>
public sealed record AcceptedUpgrade(LoadCustomer Customer, string OperationId, string Target, string UpgradeType, int? Quantity, bool Contested)
{
    public int MovedQuantity => Quantity ?? Customer.Quantity;
}
