namespace CspUpgrades.Storage.Customers;

/// <summary>One page of a partner's customer list, and the last customer id on it when more may follow (null on the last page).</summary>
public sealed record CustomerSummaryPage(IReadOnlyList<CustomerSummary> Items, string? ContinuationToken);
