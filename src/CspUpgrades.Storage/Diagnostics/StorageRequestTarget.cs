namespace CspUpgrades.Storage.Diagnostics;

/// <summary>What a request is about, attached to the HttpMessage by the client that created it.</summary>
internal sealed record StorageRequestTarget(string Resource, string? PartitionKey = null, string? Filter = null, IReadOnlyList<string>? RowKeys = null);
