using Azure.Core.Pipeline;
using CspUpgrades.Storage.Connection;
using CspUpgrades.Storage.Queues;
using CspUpgrades.Storage.Tables;
using CspUpgrades.Storage.Tests.Support;
using CspUpgrades.Testing.Azurite.Faults;

namespace CspUpgrades.Storage.Tests.Connection;

/// <summary>Known answers: signatures computed independently (HMAC-SHA256 over the documented string-to-sign).</summary>
public sealed class AuthorizationTests
{
    private const string Date = "Sat, 21 Nov 2026 05:45:47 GMT";

    [Fact]
    public async Task TablesSignWithSharedKeyLiteOverDateAndDoubledAccountPath()
    {
        var wire = new RecordingTransport(_ => new FakeResponse(404, "", ("x-ms-error-code", "ResourceNotFound")));
        var table = new TableClient(StorageConnection.Parse("UseDevelopmentStorage=true"), "mytable", Options(wire));

        await table.GetEntityIfExistsAsync("p", "r");

        Assert.Equal(Date, wire.Last.Headers["x-ms-date"]);
        Assert.Equal("SharedKeyLite devstoreaccount1:2F0wMPYtHMqyrUUQ7wi3b2rE3Eqi0Kb/eFNx0cBmous=", wire.Last.Headers["Authorization"]);
        Assert.Equal("application/json;odata=minimalmetadata", wire.Last.Headers["Accept"]);
    }

    [Fact]
    public async Task QueuesSignWithSharedKeyOverHeadersAndSortedQuery()
    {
        var wire = new RecordingTransport(_ => new FakeResponse(200, "", ("x-ms-approximate-messages-count", "4")));
        var queue = new QueueClient(StorageConnection.Parse("UseDevelopmentStorage=true"), "myqueue", Options(wire));

        using (HttpPipeline.CreateClientRequestIdScope("req-1"))
        {
            Assert.Equal(4, await queue.GetApproximateMessageCountAsync());
        }

        Assert.Equal("SharedKey devstoreaccount1:SEFUaHIsHuOQVH/eyg01EQ8cwU4l6izurc3rR7SrXV4=", wire.Last.Headers["Authorization"]);
    }

    [Fact]
    public async Task QueueSignaturesCoverContentLengthTypeAndEveryQueryParameter()
    {
        var wire = new RecordingTransport(_ => new FakeResponse(201, "<QueueMessagesList><QueueMessage><MessageId>m</MessageId><PopReceipt>p</PopReceipt></QueueMessage></QueueMessagesList>"));
        var queue = new QueueClient(StorageConnection.Parse("UseDevelopmentStorage=true"), "myqueue", Options(wire));

        using (HttpPipeline.CreateClientRequestIdScope("req-2"))
        {
            await queue.SendMessageAsync("hi", TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        }

        Assert.Equal("SharedKey devstoreaccount1:sMphWlChbuhyIe2SoY5JxtGO5ukFrFdcr4D5sGViymA=", wire.Last.Headers["Authorization"]);
    }

    [Fact]
    public async Task TokenCredentialsSendABearerTokenForTheStorageScope()
    {
        var credential = new FakeCredential();
        var wire = new RecordingTransport(_ => new FakeResponse(404, "", ("x-ms-error-code", "ResourceNotFound")));
        var connection = StorageConnection.FromCredential("cspupgrades", credential);
        var table = new TableClient(connection, "mytable", Options(wire));

        await table.GetEntityIfExistsAsync("p", "r");

        Assert.Equal("Bearer fake-token", wire.Last.Headers["Authorization"]);
        Assert.Equal(["https://storage.azure.com/.default"], credential.Scopes.Distinct());
        Assert.Equal(new Uri("https://cspupgrades.table.core.windows.net/mytable(PartitionKey='p',RowKey='r')"), wire.Last.Uri);
        Assert.True(wire.Last.Headers.ContainsKey("x-ms-date"));
        Assert.Equal("2019-02-02", wire.Last.Headers["x-ms-version"]);
    }

    [Fact]
    public async Task EveryRequestCarriesAClientRequestId()
    {
        var wire = new RecordingTransport(_ => new FakeResponse(404, "", ("x-ms-error-code", "ResourceNotFound")));
        var table = new TableClient(StorageConnection.Parse("UseDevelopmentStorage=true"), "mytable", Options(wire));

        await table.GetEntityIfExistsAsync("p", "r");
        await table.GetEntityIfExistsAsync("p", "r");

        var ids = wire.Exchanges.Select(e => e.Headers["x-ms-client-request-id"]).ToList();
        Assert.All(ids, id => Assert.True(Guid.TryParse(id, out _)));
        Assert.NotEqual(ids[0], ids[1]);
    }

    private static StorageClientOptions Options(RecordingTransport wire)
    {
        var options = TestClients.Options(wire);
        options.TimeProvider = new FixedClock(DateTimeOffset.Parse(Date, System.Globalization.CultureInfo.InvariantCulture));
        return options;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
