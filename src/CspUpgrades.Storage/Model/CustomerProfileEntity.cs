using Azure.Data.Tables;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;

namespace CspUpgrades.Storage.Model;

/// <summary>Maps <see cref="CustomerProfile"/> to the row <c>profile</c>.</summary>
internal static class CustomerProfileEntity
{
    public static TableEntity ToEntity(string partitionKey, CustomerProfile profile)
    {
        var entity = new TableEntity(partitionKey, TableLayout.ProfileRow)
        {
            ["Region"] = profile.Region.ToString(),
            ["DelegatedAdmin"] = profile.DelegatedAdmin.IsGranted,
            ["DelegatedAdminServices"] = string.Join(',', profile.DelegatedAdmin.Services),
        };
        if (profile.CompanyName is { } name)
        {
            entity["CompanyName"] = name;
        }

        if (profile.Country is { } country)
        {
            entity["Country"] = country;
        }

        return entity;
    }

    public static CustomerProfile FromEntity(TableEntity entity) => new(
        Enum.Parse<Region>(entity.GetString("Region") ?? nameof(Region.Global)),
        new DelegatedAdminGrant(
            entity.GetBoolean("DelegatedAdmin") ?? false,
            (entity.GetString("DelegatedAdminServices") ?? string.Empty)
                .Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(Enum.Parse<ServiceKind>)
                .ToList()),
        entity.GetString("CompanyName"),
        entity.GetString("Country"));
}
