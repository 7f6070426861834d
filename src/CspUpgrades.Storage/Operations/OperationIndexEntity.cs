using Azure.Data.Tables;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Storage.Operations;

/// <summary>
/// The row <c>op|{id}</c> in the partner's partition: finds an operation's customer from its id alone
/// (GET /api/operations/{id}), and its insert-only write decides whether a request is new.
/// </summary>
internal static class OperationIndexEntity
{
    public static TableEntity ToEntity(UpgradeOperation operation) =>
        new(TableLayout.PartnerPartition(operation.PartnerId), TableLayout.OperationRow(operation.Id))
        {
            ["CustomerId"] = operation.CustomerId.Value,
            ["SourceSubscriptionId"] = operation.Request.SourceSubscriptionId.Value,
            ["RequestHash"] = operation.RequestHash,
            ["CreatedAt"] = operation.CreatedAt,
        };

    public static (CustomerId Customer, SubscriptionId Source, string RequestHash) Read(TableEntity entity) =>
        (new CustomerId(StoredValue.Required(entity.GetString("CustomerId"), entity, "CustomerId")),
         new SubscriptionId(StoredValue.Required(entity.GetString("SourceSubscriptionId"), entity, "SourceSubscriptionId")),
         entity.GetString("RequestHash") ?? string.Empty);
}
