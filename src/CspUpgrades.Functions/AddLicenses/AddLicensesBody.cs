namespace CspUpgrades.Functions.AddLicenses;

/// <summary>POST body: <c>quantity</c>, the number of seats to add (1 or more).</summary>
public sealed record AddLicensesBody(int? Quantity);
