using Azure.Data.Tables;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Storage.Outbox;

/// <summary>A <see cref="PartnerEvent"/> as a table row: the outbox row beside its fact, and the same columns in the partner's feed.</summary>
internal static class OutboxEntity
{
    private const string IdProperty = "EventId";
    private const string TypeProperty = "EventType";
    private const string SubjectProperty = "Subject";
    private const string TimeProperty = "EventTime";
    private const string PartnerProperty = "PartnerId";
    private const string SubscriptionProperty = "SubscriptionId";
    private const string DataProperty = "Data";

    /// <summary>The outbox rows of <paramref name="events"/>, in their order, to add in their fact's transaction.</summary>
    /// <param name="upsert">For a fact whose write is itself an upsert (a repeat rewrites the same rows): the outbox rows are too.</param>
    public static IEnumerable<TableTransactionAction> Add(string partition, IEnumerable<PartnerEvent>? events, bool upsert = false) =>
        (events ?? []).Select((partnerEvent, index) => new TableTransactionAction(
            upsert ? TableTransactionActionType.UpsertReplace : TableTransactionActionType.Add,
            ToEntity(partition, TableLayout.PublishRow(partnerEvent.Time, index, partnerEvent.Id), partnerEvent)));

    public static TableEntity ToEntity(string partition, string rowKey, PartnerEvent partnerEvent)
    {
        ArgumentNullException.ThrowIfNull(partnerEvent);
        var entity = new TableEntity(partition, rowKey)
        {
            [IdProperty] = partnerEvent.Id,
            [TypeProperty] = partnerEvent.Type,
            [SubjectProperty] = partnerEvent.Subject,
            [TimeProperty] = partnerEvent.Time,
            [PartnerProperty] = partnerEvent.Partner.Value,
            [SubscriptionProperty] = partnerEvent.SubscriptionId?.Value,
        };
        StorageJson.WriteChunkedText(entity, DataProperty, partnerEvent.Data);
        return entity;
    }

    public static PartnerEvent FromEntity(TableEntity entity) => new(
        entity.GetString(IdProperty),
        entity.GetString(TypeProperty),
        entity.GetString(SubjectProperty),
        entity.GetDateTimeOffset(TimeProperty)!.Value,
        new PartnerId(entity.GetString(PartnerProperty)),
        entity.GetString(SubscriptionProperty) is { } subscription ? new SubscriptionId(subscription) : null,
        StorageJson.ReadChunkedText(entity, DataProperty)!);

    public static PendingEvent Pending(TableEntity entity) => new(FromEntity(entity), entity.PartitionKey!, entity.RowKey!);
}
