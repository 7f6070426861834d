using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Azure.Storage.Queues;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Tests.EndToEnd;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Clients;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Reliability;

/// <summary>
/// Drives the app as partners do, over real HTTP through the Functions host to the worker, with the host running the
/// upgrade queue: seeds the customers through signed webhooks, then <see cref="LoadPlan.Callers"/> callers request one
/// upgrade per customer (each with an <c>Idempotency-Key</c>, retried on <c>503</c> as a partner would) while as many others
/// check eligibility. A share of upgrades is delivered twice (a copy of the message on the queue, and the request repeated),
/// a share of customers asks for a second, different upgrade at the same time. Ends when every accepted operation has
/// finished and the queue is empty.
/// </summary>
public sealed class UpgradeLoad(WorkerApp app, AzuriteFixture azurite, HttpClient partner, string partnerId, LoadPlan plan)
{
    private const int AttemptsPerCall = 12;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentBag<AcceptedUpgrade> _accepted = [];
    private readonly UpgradeQueue _duplicates = new(new QueueClient(azurite.ConnectionString, UpgradeQueue.Name, StorageClientDefaults.QueueOptions()));
    private int _clientRetries;
    private int _refused;
    private int _duplicatesSent;

    public IReadOnlyList<LoadCustomer> Customers { get; } = Enumerable.Range(0, plan.Customers)
        .Select(index => LoadCustomer.Create(index, competing: Share(plan.Seed, index, 1) < plan.CompetingRequestShare))
        .ToList();

    public async Task SeedAsync()
    {
        await Parallel.ForEachAsync(Customers, new ParallelOptions { MaxDegreeOfParallelism = plan.Callers }, async (customer, _) =>
        {
            var events = new CustomerEvents(partnerId, customer.Id);
            await Steps.SendEventsAsync(app, events.Profile(), events.Subscription(LoadCustomer.Source, customer.Offer, customer.Quantity, customer.UnitPrice));
        });
    }

    /// <summary>Runs the upgrades and the eligibility checks side by side, then waits for every upgrade to finish.</summary>
    public async Task<LoadOutcome> RunAsync(TimeSpan finishWithin)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(RequestUpgradesAsync(), CheckEligibilityAsync());
        var requested = clock.Elapsed;

        var accepted = _accepted.ToList();
        await Eventually.UntilAsync(
            async () => await Reconciliation.UnfinishedAsync(app.Table, accepted) == 0,
            "every accepted upgrade to finish", finishWithin);
        var finished = clock.Elapsed;

        var queue = new QueueClient(azurite.ConnectionString, UpgradeQueue.Name, StorageClientDefaults.QueueOptions());
        await Eventually.UntilAsync(async () => await queue.ApproximateCountAsync() == 0, "the upgrade queue to drain (duplicates included)", finishWithin);
        return new LoadOutcome(accepted, _refused, plan.EligibilityChecks, _duplicatesSent, _clientRetries, requested, finished, clock.Elapsed);
    }

    private Task RequestUpgradesAsync() =>
        Parallel.ForEachAsync(Enumerable.Range(0, Customers.Count), new ParallelOptions { MaxDegreeOfParallelism = plan.Callers }, async (index, _) =>
        {
            var customer = Customers[index];
            var duplicate = Share(plan.Seed, index, 2) < plan.DuplicateShare;
            if (customer.CompetingTarget is { } competing)
            {
                await Task.WhenAll(
                    RequestAsync(customer, customer.Target, customer.UpgradeType, customer.RequestedQuantity, "a", duplicate),
                    RequestAsync(customer, competing, "upgrade_only", null, "b", duplicate: false));
            }
            else
            {
                await RequestAsync(customer, customer.Target, customer.UpgradeType, customer.RequestedQuantity, "a", duplicate);
            }
        });

    private async Task RequestAsync(LoadCustomer customer, string target, string upgradeType, int? quantity, string keySuffix, bool duplicate)
    {
        var key = $"{customer.Id}-{keySuffix}";
        var path = Routes.Upgrades(customer.Id, LoadCustomer.Source);
        var body = new { targetOffer = target, upgradeType, quantity };
        var (status, answer) = await SendAsync(() => ClientRequests.PostJsonAsync(partner, path, body, key));
        if (status == HttpStatusCode.Conflict && customer.CompetingTarget is not null)
        {
            Interlocked.Increment(ref _refused); // The other request of the pair holds (or has already upgraded) the subscription.
            return;
        }

        Assert.True(status == HttpStatusCode.Accepted, $"Upgrade of {customer.Id} to {target} answered {(int)status}: {answer}");
        var operationId = JsonDocument.Parse(answer).RootElement.GetProperty("id").GetString()!;
        _accepted.Add(new AcceptedUpgrade(customer, operationId, target, upgradeType, quantity, Contested: customer.CompetingTarget is not null));
        if (!duplicate)
        {
            return;
        }

        // The same upgrade twice more: its message again, and the partner's request again with the same key.
        await _duplicates.EnqueueAsync(
            new UpgradeMessage(new OperationId(operationId), new PartnerId(partnerId), new CustomerId(customer.Id), new SubscriptionId(LoadCustomer.Source), null),
            CancellationToken.None);
        Interlocked.Increment(ref _duplicatesSent);
        var (again, replayed) = await SendAsync(() => ClientRequests.PostJsonAsync(partner, path, body, key));
        Assert.True(again == HttpStatusCode.Accepted, $"The repeated upgrade of {customer.Id} answered {(int)again}: {replayed}");
        Assert.Equal(operationId, JsonDocument.Parse(replayed).RootElement.GetProperty("id").GetString());
    }

    private async Task CheckEligibilityAsync()
    {
        var next = -1;
        var callers = Enumerable.Range(0, plan.Callers).Select(async caller =>
        {
            var random = new Random(plan.Seed + caller);
            while (Interlocked.Increment(ref next) < plan.EligibilityChecks)
            {
                var customer = Customers[random.Next(Customers.Count)];
                var path = Routes.Upgrades(customer.Id, LoadCustomer.Source);
                var (status, answer) = await SendAsync(() => partner.GetAsync(new Uri(path, UriKind.Relative)));
                Assert.True(status == HttpStatusCode.OK, $"Eligibility of {customer.Id} answered {(int)status}: {answer}");
            }
        });
        await Task.WhenAll(callers);
    }

    /// <summary>Sends, and sends again after a short pause while the app answers 503 (storage unavailable).</summary>
    private async Task<(HttpStatusCode Status, string Body)> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await send();
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == AttemptsPerCall)
            {
                return (response.StatusCode, body);
            }

            Interlocked.Increment(ref _clientRetries);
            await Task.Delay(RetryDelay);
        }
    }

    /// <summary>A deterministic number in [0, 1) for one customer and purpose, so a run can be repeated exactly.</summary>
    private static double Share(int seed, int index, int purpose) => new Random(unchecked(seed + (index * 7919) + (purpose * 104_729))).NextDouble();
}
