using System.Globalization;
using Azure.Data.Tables;
using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Tests.EndToEnd;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Functions.Tests.Reliability;

/// <summary>
/// After a load, walks every row of the app's table and lists what does not add up: an accepted upgrade without
/// a finished operation; a claim still held; a subscription that is neither a seeded source nor the target of a
/// succeeded upgrade; a succeeded upgrade without exactly its target, one credit and one charge, each equal to the
/// domain's <see cref="Proration"/> of what was asked; billing for a failed upgrade; a source not closed or reduced
/// as asked; both upgrades of a contested subscription succeeding (unless both were partial); an upgrade whose events
/// (accepted, then succeeded with its two billing lines, or failed) are neither in the partner's feed nor still in an outbox,
/// or an upgrade event of no accepted upgrade.
/// </summary>
public sealed class Reconciliation(TableClient table, OfferCatalog catalog, string partnerId)
{
    public List<string> Problems { get; } = [];

    public int Succeeded { get; private set; }

    public int Failed { get; private set; }

    public int RowsWalked { get; private set; }

    /// <summary>Error codes of the failed upgrades, with how often each occurred.</summary>
    public SortedDictionary<string, int> FailureCodes { get; } = new(StringComparer.Ordinal);

    /// <summary>How many of <paramref name="accepted"/> have no finished operation row yet.</summary>
    public static async Task<int> UnfinishedAsync(TableClient table, IReadOnlyCollection<AcceptedUpgrade> accepted)
    {
        ArgumentNullException.ThrowIfNull(table);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey ge {TableLayout.OperationPrefix} and RowKey lt {"op}"}")))
        {
            if (row.GetString("Status") is "succeeded" or "failed")
            {
                finished.Add(row.RowKey![TableLayout.OperationPrefix.Length..]);
            }
        }

        return accepted.Count(upgrade => !finished.Contains(upgrade.OperationId));
    }

    public async Task CheckAsync(IReadOnlyCollection<AcceptedUpgrade> accepted, IReadOnlyCollection<LoadCustomer> customers)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        ArgumentNullException.ThrowIfNull(customers);
        var partitions = await ReadCustomerPartitionsAsync();
        foreach (var customer in customers)
        {
            var rows = partitions.GetValueOrDefault(customer.Id) ?? [];
            Check(customer, rows, accepted.Where(upgrade => upgrade.Customer.Id == customer.Id).ToList());
        }

        foreach (var unknown in partitions.Keys.Except(customers.Select(customer => customer.Id)))
        {
            Problems.Add($"A partition of an unknown customer: {unknown}");
        }

        await CheckEventsAsync(accepted, partitions.Values.SelectMany(rows => rows));
    }

    /// <summary>
    /// Every committed fact has its event, published (in the feed) or still pending (an outbox row a failed drain left for the
    /// next one): never lost. No upgrade event names an operation that was not accepted: nothing for a refused request. An id
    /// seen twice (a re-publication) carries the same event.
    /// </summary>
    private async Task CheckEventsAsync(IReadOnlyCollection<AcceptedUpgrade> accepted, IEnumerable<TableEntity> customerRows)
    {
        var feed = TableLayout.EventFeedPartition(new PartnerId(partnerId));
        var events = customerRows.Where(row => row.RowKey!.StartsWith(TableLayout.PublishPrefix, StringComparison.Ordinal)).ToList();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {feed}")))
        {
            RowsWalked++;
            events.Add(row);
        }

        var byId = new Dictionary<string, (string Type, string Data)>(StringComparer.Ordinal);
        var seen = new HashSet<(string Type, string Operation)>();
        foreach (var row in events)
        {
            var (id, type, data) = (row.GetString("EventId")!, row.GetString("EventType")!, row.GetString("Data")!);
            if (byId.TryGetValue(id, out var first) && first != (type, data))
            {
                Problems.Add($"event {id} published twice with different content: {first.Type} and {type}");
            }

            byId[id] = (type, data);
            using var json = System.Text.Json.JsonDocument.Parse(data);
            var operation = json.RootElement.TryGetProperty("operationId", out var line) ? line.GetString()
                : json.RootElement.TryGetProperty("id", out var op) ? op.GetString() : null;
            if (type.Contains(".upgrade.", StringComparison.Ordinal) || type.Contains(".billing.", StringComparison.Ordinal))
            {
                var kind = type.Contains(".billing.", StringComparison.Ordinal)
                    ? "billing:" + json.RootElement.GetProperty("line").GetProperty("kind").GetString()
                    : type;
                seen.Add((kind, operation ?? string.Empty));
            }
        }

        var ids = accepted.Select(upgrade => upgrade.OperationId).ToHashSet(StringComparer.Ordinal);
        foreach (var stray in seen.Where(fact => !ids.Contains(fact.Operation)))
        {
            Problems.Add($"event {stray.Type} of {stray.Operation}, which was never accepted");
        }

        var operations = await OperationStatusesAsync();
        foreach (var upgrade in accepted)
        {
            var status = operations.GetValueOrDefault(upgrade.OperationId);
            string[] expected = status switch
            {
                "succeeded" => ["com.cspupgrades.upgrade.accepted.v1", "com.cspupgrades.upgrade.succeeded.v1", "billing:credit", "billing:charge"],
                "failed" => ["com.cspupgrades.upgrade.accepted.v1", "com.cspupgrades.upgrade.failed.v1"],
                _ => ["com.cspupgrades.upgrade.accepted.v1"],
            };
            foreach (var missing in expected.Where(kind => !seen.Contains((kind, upgrade.OperationId))))
            {
                Problems.Add($"{status} upgrade {upgrade.OperationId} has no {missing} event, published or pending");
            }
        }
    }

    private async Task<Dictionary<string, string>> OperationStatusesAsync()
    {
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        var (from, to) = TableLayout.CustomerPartitionsOf(new PartnerId(partnerId));
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey gt {from} and PartitionKey lt {to} and RowKey ge {TableLayout.OperationPrefix} and RowKey lt {"op}"}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter))
        {
            statuses[row.RowKey![TableLayout.OperationPrefix.Length..]] = row.GetString("Status") ?? string.Empty;
        }

        return statuses;
    }

    private void Check(LoadCustomer customer, IReadOnlyList<TableEntity> rows, IReadOnlyList<AcceptedUpgrade> upgrades)
    {
        var byKey = rows.ToDictionary(row => row.RowKey!, StringComparer.Ordinal);
        foreach (var claim in rows.Where(row => TableLayout.IsClaimRow(row.RowKey!)))
        {
            Problems.Add($"{customer.Id}: claim {claim.RowKey} of {claim.GetString("OperationId")} still held after the load");
        }

        var expectedSubscriptions = new HashSet<string>(StringComparer.Ordinal) { TableLayout.SubscriptionRow(new SubscriptionId(LoadCustomer.Source)) };
        var expectedBilling = new HashSet<string>(StringComparer.Ordinal);
        var movedFromSource = 0;
        foreach (var upgrade in upgrades)
        {
            var operationId = new OperationId(upgrade.OperationId);
            if (!byKey.TryGetValue(TableLayout.OperationRow(operationId), out var operation))
            {
                Problems.Add($"{customer.Id}: accepted upgrade {upgrade.OperationId} has no operation row");
                continue;
            }

            var target = TableLayout.SubscriptionRow(SubscriptionId.ForUpgradeTarget(operationId));
            switch (operation.GetString("Status"))
            {
                case "succeeded":
                    Succeeded++;
                    movedFromSource += upgrade.MovedQuantity;
                    expectedSubscriptions.Add(target);
                    CheckTarget(customer, upgrade, byKey.GetValueOrDefault(target));
                    foreach (var kind in new[] { BillingLineKind.Credit, BillingLineKind.Charge })
                    {
                        var row = TableLayout.BillingRow(LineId(upgrade, kind));
                        expectedBilling.Add(row);
                        CheckBillingLine(customer, upgrade, kind, byKey.GetValueOrDefault(row));
                    }

                    break;
                case "failed":
                    Failed++;
                    CountFailure(customer, upgrade, operation);
                    break;
                default:
                    Problems.Add($"{customer.Id}: upgrade {upgrade.OperationId} is {operation.GetString("Status")}, not finished");
                    break;
            }
        }

        foreach (var row in rows.Where(row => TableLayout.IsSubscriptionRow(row.RowKey!) && !expectedSubscriptions.Contains(row.RowKey!)))
        {
            Problems.Add($"{customer.Id}: orphan subscription {row.RowKey} (no succeeded upgrade made it)");
        }

        foreach (var row in rows.Where(row => row.RowKey!.StartsWith(TableLayout.BillingPrefix, StringComparison.Ordinal) && !expectedBilling.Contains(row.RowKey!)))
        {
            Problems.Add($"{customer.Id}: billing line {row.RowKey} of no succeeded upgrade");
        }

        CheckHistory(customer, rows, upgrades, byKey);

        if (movedFromSource > customer.Quantity)
        {
            Problems.Add($"{customer.Id}: upgrades moved {movedFromSource} seats of {customer.Quantity} (two upgrades of the subscription both won)");
        }

        CheckSource(customer, byKey.GetValueOrDefault(TableLayout.SubscriptionRow(new SubscriptionId(LoadCustomer.Source))), movedFromSource);
    }

    /// <summary>
    /// Each upgrade's history says what its operation row says: a succeeded one once on the source and once on its target, a
    /// failed one once on the source; and no history entry names an operation the partition does not hold.
    /// </summary>
    private void CheckHistory(LoadCustomer customer, IReadOnlyList<TableEntity> rows, IReadOnlyList<AcceptedUpgrade> upgrades, Dictionary<string, TableEntity> byKey)
    {
        var history = rows.Where(row => row.RowKey!.StartsWith(TableLayout.HistoryPrefix, StringComparison.Ordinal))
            .ToLookup(row => row.GetString("OperationId") ?? string.Empty, StringComparer.Ordinal);
        foreach (var upgrade in upgrades)
        {
            var operationId = new OperationId(upgrade.OperationId);
            if (byKey.GetValueOrDefault(TableLayout.OperationRow(operationId)) is not { } operation
                || (operation.GetString("Status"), operation.GetDateTimeOffset("CreatedAt")) is not ({ } status, { } createdAt))
            {
                continue;
            }

            var expected = new List<string> { TableLayout.HistoryRow(new SubscriptionId(LoadCustomer.Source), createdAt, operationId) };
            if (status == "succeeded")
            {
                expected.Add(TableLayout.HistoryRow(SubscriptionId.ForUpgradeTarget(operationId), createdAt, operationId));
            }

            var entries = history[upgrade.OperationId].ToList();
            var actual = entries.Select(row => row.RowKey!).Order(StringComparer.Ordinal);
            if (!actual.SequenceEqual(expected.Order(StringComparer.Ordinal)) || entries.Any(row => row.GetString("Status") != status))
            {
                Problems.Add($"{customer.Id}: {status} upgrade {upgrade.OperationId} has history {string.Join(", ", entries.Select(row => $"{row.RowKey} {row.GetString("Status")}"))}");
            }
        }

        foreach (var stray in history.Where(group => !OperationId.TryParse(group.Key, out var id) || !byKey.ContainsKey(TableLayout.OperationRow(id))).SelectMany(group => group))
        {
            Problems.Add($"{customer.Id}: history entry {stray.RowKey} of an operation the partition does not hold");
        }
    }

    private void CheckTarget(LoadCustomer customer, AcceptedUpgrade upgrade, TableEntity? target)
    {
        if (target is null)
        {
            Problems.Add($"{customer.Id}: succeeded upgrade {upgrade.OperationId} has no target subscription");
        }
        else if ((target.GetString("OfferId"), target.GetString("Status"), target.GetInt32("Quantity")) != (upgrade.Target, "active", upgrade.MovedQuantity))
        {
            Problems.Add($"{customer.Id}: target of {upgrade.OperationId} is {target.GetString("OfferId")} {target.GetString("Status")} ×{target.GetInt32("Quantity")}");
        }
    }

    private void CheckBillingLine(LoadCustomer customer, AcceptedUpgrade upgrade, BillingLineKind kind, TableEntity? row)
    {
        if (row is null)
        {
            Problems.Add($"{customer.Id}: succeeded upgrade {upgrade.OperationId} has no {kind} line");
            return;
        }

        var changeDate = DateOnly.ParseExact(row.GetString("ChangeDate") ?? string.Empty, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (Math.Abs(changeDate.DayNumber - DateOnly.FromDateTime(DateTime.UtcNow).DayNumber) > 1)
        {
            Problems.Add($"{customer.Id}: {kind} of {upgrade.OperationId} dated {changeDate}, not the day of the run");
            return;
        }

        var expected = ExpectedLine(customer, upgrade, kind, changeDate);
        var actual = (row.GetString("SubscriptionId"), row.GetString("OfferId"), row.GetInt32("Quantity"), row.GetInt64("UnitPriceMinor"),
            row.GetInt32("DaysRemaining"), row.GetInt32("DaysInPeriod"), row.GetInt64("AmountMinor"), row.GetString("Currency"));
        var wanted = (expected.SubscriptionId.Value, expected.OfferId.Value, (int?)expected.Quantity, (long?)expected.UnitPrice.MinorUnits,
            (int?)expected.DaysRemaining, (int?)expected.DaysInPeriod, (long?)expected.Amount.MinorUnits, expected.Amount.Currency.Code);
        if (actual != wanted)
        {
            Problems.Add($"{customer.Id}: {kind} of {upgrade.OperationId} is {actual}, the domain says {wanted}");
        }
    }

    /// <summary>The line as the domain computes it from what the test seeded and asked, and the catalog's list price.</summary>
    private BillingLine ExpectedLine(LoadCustomer customer, AcceptedUpgrade upgrade, BillingLineKind kind, DateOnly changeDate)
    {
        var operationId = new OperationId(upgrade.OperationId);
        var period = BillingPeriod.Containing(CustomerEvents.TermStart, BillingCycle.Monthly, changeDate);
        var currency = new CurrencyCode("USD");
        if (kind == BillingLineKind.Credit)
        {
            var sourcePrice = Money.FromDecimal(decimal.Parse(customer.UnitPrice, CultureInfo.InvariantCulture), currency, MidpointRounding.AwayFromZero);
            return Proration.Credit(operationId, new SubscriptionId(LoadCustomer.Source), new OfferId(customer.Offer), sourcePrice, upgrade.MovedQuantity, period, changeDate);
        }

        var targetPrice = catalog.Find(new OfferId(upgrade.Target))!.UnitPriceFor(currency, BillingCycle.Monthly)!.Value;
        return Proration.Charge(operationId, SubscriptionId.ForUpgradeTarget(operationId), new OfferId(upgrade.Target), targetPrice, upgrade.MovedQuantity, period, changeDate);
    }

    private void CheckSource(LoadCustomer customer, TableEntity? source, int moved)
    {
        var closed = moved >= customer.Quantity;
        var expected = (closed ? "cancelled" : "active", closed ? customer.Quantity : customer.Quantity - moved);
        if (source is null)
        {
            Problems.Add($"{customer.Id}: the source subscription is gone");
        }
        else if ((source.GetString("Status"), source.GetInt32("Quantity") ?? -1) != expected)
        {
            Problems.Add($"{customer.Id}: source is {source.GetString("Status")} ×{source.GetInt32("Quantity")} after moving {moved}, expected {expected}");
        }
    }

    private void CountFailure(LoadCustomer customer, AcceptedUpgrade upgrade, TableEntity operation)
    {
        var result = operation.GetString("Result") ?? string.Empty;
        var codes = System.Text.RegularExpressions.Regex.Matches(result, "\"code\"\\s*:\\s*\"([a-z_]+)\"").Select(match => match.Groups[1].Value).Distinct().ToList();
        foreach (var code in codes)
        {
            FailureCodes[code] = FailureCodes.GetValueOrDefault(code) + 1;
        }

        if (!upgrade.Contested)
        {
            Problems.Add($"{customer.Id}: uncontested upgrade {upgrade.OperationId} failed: {result}");
        }
        else if (codes.Count == 0 || codes.Contains("other"))
        {
            // A contested upgrade loses on the claim or on eligibility; "other" is the poison handler's or the sweeper's verdict.
            Problems.Add($"{customer.Id}: contested upgrade {upgrade.OperationId} failed without an eligibility reason: {result}");
        }
    }

    private static string LineId(AcceptedUpgrade upgrade, BillingLineKind kind) =>
        upgrade.OperationId + (kind == BillingLineKind.Credit ? "-credit" : "-charge");

    private async Task<Dictionary<string, List<TableEntity>>> ReadCustomerPartitionsAsync()
    {
        var (from, to) = TableLayout.CustomerPartitionsOf(new PartnerId(partnerId));
        var partitions = new Dictionary<string, List<TableEntity>>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey gt {from} and PartitionKey lt {to}")))
        {
            RowsWalked++;
            var customer = row.PartitionKey![from.Length..];
            if (!partitions.TryGetValue(customer, out var rows))
            {
                partitions[customer] = rows = [];
            }

            rows.Add(row);
        }

        return partitions;
    }
}
