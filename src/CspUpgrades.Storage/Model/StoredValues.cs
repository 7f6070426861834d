using System.Globalization;
using Azure.Data.Tables;

namespace CspUpgrades.Storage.Model;

/// <summary>Enums are stored by their wire name (e.g. "active"), so rows read well and survive reordering.</summary>
internal static class StoredEnum
{
    public static string Write<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonSerializer.Serialize(value, StorageJson.Options).Trim('"');

    public static T Read<T>(TableEntity entity, string property) where T : struct, Enum
    {
        var text = StoredValue.Required(entity.GetString(property), entity, property);
        return System.Text.Json.JsonSerializer.Deserialize<T>($"\"{text}\"", StorageJson.Options);
    }
}

/// <summary>Dates are stored as "yyyy-MM-dd" strings: Table Storage has no date-only type and a DateTime would drag a time zone in.</summary>
internal static class StoredDate
{
    public static string Write(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Read(TableEntity entity, string property) =>
        DateOnly.ParseExact(StoredValue.Required(entity.GetString(property), entity, property), "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Rows are written by this code; a missing required property means a damaged row, said by name.</summary>
internal static class StoredValue
{
    public static string Required(string? value, TableEntity entity, string property) =>
        value ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} has no {property}.");
}
