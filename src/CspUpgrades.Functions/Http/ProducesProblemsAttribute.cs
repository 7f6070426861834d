namespace CspUpgrades.Functions.Http;

/// <summary>
/// The problem details statuses an HTTP function answers besides its success, for the OpenAPI document: each becomes an
/// <c>application/problem+json</c> response. 401 and 403 (for <c>[RequiresPartner]</c>) and 503 are added for every function
/// that can answer them, so they are not listed here.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProducesProblemsAttribute(params int[] statuses) : Attribute
{
    public IReadOnlyList<int> Statuses { get; } = statuses;
}
