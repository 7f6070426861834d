using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Clients;
using CspUpgrades.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;

namespace CspUpgrades.Functions.Tests.IsolatedWorker;

/// <summary>
/// The queue and timer functions on the isolated worker, fired by the local host as Azure fires them: a message on the
/// real upgrade queue, the poison queue, and the timers' admin endpoint. The partner, its key and its customer are seeded
/// through an instance whose queue functions are off, on the same table.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class QueueAndTimerTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Source = "contoso-business";
    private static readonly object ToE3 = new { targetOffer = "o365-enterprise-e3", upgradeType = "upgrade_only" };

    private WorkerApp _requests = null!;
    private TestPartner _partner = null!;

    public async Task InitializeAsync()
    {
        _requests = await WorkerApp.StartAsync(azurite);
        _partner = await TestPartner.CreateAsync(_requests, "queues");
        await _partner.SeedAsync(
            "contoso",
            new SubscriptionSpec(Source, "o365-business") { Quantity = 10 },
            new SubscriptionSpec("contoso-suspended", "o365-business-essentials").Suspended());

        // Other tests leave upgrade messages behind (their apps do not run the queue): this worker would take them.
        await Queue(UpgradeQueue.Name).ClearMessagesAsync();
    }

    public async Task DisposeAsync() => await _requests.DisposeAsync();

    [Fact]
    public async Task CarriesAnAcceptedUpgradeOutThroughTheQueue()
    {
        await using var worker = await StartWorkerAsync();
        using var client = ClientFor(worker);

        using var accepted = await client.PostAsJsonAsync(Routes.Upgrades("contoso", Source), ToE3);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var operation = await FinishedAsync(client, accepted.Headers.Location!);
        Assert.Equal("succeeded", operation.GetProperty("status").GetString());
        var lines = operation.GetProperty("billingLines").EnumerateArray().Select(line => line.GetProperty("kind").GetString()).Order().ToList();
        Assert.Equal(["charge", "credit"], lines);
    }

    [Fact]
    public async Task FailsTheOperationOfAMessageThatReachedThePoisonQueue()
    {
        // The request side records the operation and queues its message; no one runs it until it is "poisoned" by hand.
        using var accepted = await _partner.PostAsync(Routes.Upgrades("contoso", Source), ToE3);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var message = (await Queue(UpgradeQueue.Name).ReceiveMessageAsync()).Value;
        await Queue(UpgradeQueue.Name).DeleteMessageAsync(message.MessageId, message.PopReceipt);
        await Queue(UpgradeQueue.PoisonName).SendMessageAsync(message.Body);

        await using var worker = await StartWorkerAsync();
        using var client = ClientFor(worker);

        var operation = await FinishedAsync(client, accepted.Headers.Location!);
        Assert.Equal("failed", operation.GetProperty("status").GetString());
    }

    [Fact]
    public async Task RunsTheAuditWhenItsTimerFiresAndServesTheReport()
    {
        await using var worker = await StartWorkerAsync();
        using var client = ClientFor(worker);
        using var host = new HttpClient { BaseAddress = worker.Host.BaseAddress };

        using var fired = await host.PostAsync("admin/functions/AuditBlockedUpgrades", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, fired.StatusCode);
        var report = await Eventually.ReturnsAsync(
            () => client.GetAsync(new Uri(Routes.Audit(), UriKind.Relative)),
            response => response.StatusCode == HttpStatusCode.OK,
            "the audit report");
        var json = JsonDocument.Parse(await report.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(
            json.GetProperty("findings").EnumerateArray(),
            finding => finding.GetProperty("blockingSubscriptionId").GetString() == "contoso-suspended");
    }

    [Fact]
    public async Task ResendsTheMessageOfAStuckUpgradeWhenTheSweepTimerFires()
    {
        using var accepted = await _partner.PostAsync(Routes.Upgrades("contoso", Source), ToE3);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await Queue(UpgradeQueue.Name).ClearMessagesAsync();

        // The worker's clock runs 3 minutes ahead: the upgrade has been pending longer than the sweep waits.
        await using var worker = await StartWorkerAsync(services => services.AddSingleton<TimeProvider>(new ShiftedTime(TimeSpan.FromMinutes(3))));
        using var client = ClientFor(worker);
        using var host = new HttpClient { BaseAddress = worker.Host.BaseAddress };

        using var fired = await host.PostAsync("admin/functions/SweepStuckOperations", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, fired.StatusCode);
        var operation = await FinishedAsync(client, accepted.Headers.Location!);
        Assert.Equal("succeeded", operation.GetProperty("status").GetString());
    }

    private Task<WorkerApp> StartWorkerAsync(Action<IServiceCollection>? overrideServices = null) =>
        _requests.StartQueueRunnerAsync(overrideServices: overrideServices);

    private HttpClient ClientFor(WorkerApp worker)
    {
        var client = worker.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", _partner.Client.DefaultRequestHeaders.GetValues("X-Api-Key").Single());
        return client;
    }

    private QueueClient Queue(string name) => new(azurite.ConnectionString, name, StorageClientDefaults.QueueOptions());

    private static async Task<JsonElement> FinishedAsync(HttpClient client, Uri location) =>
        await Eventually.ReturnsAsync(
            async () => JsonDocument.Parse(await client.GetStringAsync(location)).RootElement.Clone(),
            operation => operation.GetProperty("status").GetString() is "succeeded" or "failed",
            $"the operation at {location} to finish");

    private sealed class ShiftedTime(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }
}
