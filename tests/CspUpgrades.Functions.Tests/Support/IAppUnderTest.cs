using Azure.Data.Tables;

namespace CspUpgrades.Functions.Tests.Support;

/// <summary>
/// What the suites need from the app they drive, whichever way it is hosted: the isolated worker under the local
/// Functions host (<see cref="WorkerApp"/>) or, until every suite has moved, the custom handler (<see cref="CspUpgradesApp"/>).
/// </summary>
public interface IAppUnderTest : IAsyncDisposable
{
    /// <summary>The app's table, for assertions on what it stored.</summary>
    TableClient Table { get; }

    string TableName { get; }

    /// <summary>A client for the app's HTTP API (no key).</summary>
    HttpClient CreateClient();

    T Service<T>() where T : notnull;

    /// <summary>A new API key for <paramref name="partner"/>, and a client that sends it.</summary>
    Task<HttpClient> ClientForPartnerAsync(string partner);

    /// <summary>Posts a webhook event signed with the app's secret (Standard Webhooks), as the sync source would.</summary>
    Task<HttpResponseMessage> PostEventAsync(object subscriptionEvent, string? eventId = null, DateTimeOffset? signedAt = null);

    /// <summary>Runs the blocked-upgrade audit once, as its timer would; returns the run id.</summary>
    Task<string> RunAuditAsync();
}
