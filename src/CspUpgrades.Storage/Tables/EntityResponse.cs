using Azure;

namespace CspUpgrades.Storage.Tables;

/// <summary>The answer of <see cref="TableClient.GetEntityIfExistsAsync"/>: an entity, or no value when it does not exist.</summary>
internal sealed class EntityResponse(TableEntity? entity, Response response) : NullableResponse<TableEntity>
{
    public override bool HasValue => entity is not null;

    public override TableEntity Value =>
        entity ?? throw new InvalidOperationException("The entity does not exist; check HasValue first.");

    public override Response GetRawResponse() => response;
}
