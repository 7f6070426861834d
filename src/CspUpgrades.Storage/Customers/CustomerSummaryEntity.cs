using Azure.Data.Tables;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Storage.Customers;

/// <summary>Maps <see cref="CustomerSummary"/> to its row: partition <c>{partnerId}|~customers</c>, row key the customer id.</summary>
internal static class CustomerSummaryEntity
{
    public static TableEntity ToEntity(PartnerId partner, CustomerSummary summary)
    {
        var entity = new TableEntity(TableLayout.CustomerSummaryPartition(partner), summary.CustomerId.Value)
        {
            [nameof(CustomerSummary.SubscriptionCount)] = summary.SubscriptionCount,
            [nameof(CustomerSummary.UpgradableCount)] = summary.UpgradableCount,
            [nameof(CustomerSummary.BlockedCount)] = summary.BlockedCount,
            [nameof(CustomerSummary.UpdatedAt)] = summary.UpdatedAt,
        };
        Set(entity, nameof(CustomerSummary.Name), summary.Name);
        Set(entity, nameof(CustomerSummary.Country), summary.Country);
        Set(entity, nameof(CustomerSummary.Currency), summary.Currency?.Code);
        return entity;
    }

    public static CustomerSummary FromEntity(TableEntity entity) => new(
        new CustomerId(entity.RowKey!),
        entity.GetString(nameof(CustomerSummary.Name)),
        entity.GetString(nameof(CustomerSummary.Country)),
        entity.GetString(nameof(CustomerSummary.Currency)) is { } currency ? new CurrencyCode(currency) : null,
        entity.GetInt32(nameof(CustomerSummary.SubscriptionCount)) ?? 0,
        entity.GetInt32(nameof(CustomerSummary.UpgradableCount)) ?? 0,
        entity.GetInt32(nameof(CustomerSummary.BlockedCount)) ?? 0,
        entity.GetDateTimeOffset(nameof(CustomerSummary.UpdatedAt)) ?? DateTimeOffset.MinValue);

    // An absent value is no property at all: the service stores no nulls.
    private static void Set(TableEntity entity, string name, string? value)
    {
        if (value is not null)
        {
            entity[name] = value;
        }
    }
}
