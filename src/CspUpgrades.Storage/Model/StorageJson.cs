using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;

namespace CspUpgrades.Storage.Model;

/// <summary>JSON for the few structured properties stored as strings (users, results): camelCase, no nulls.</summary>
internal static class StorageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>A string property holds at most 64 KiB (32K UTF-16 chars); larger values span numbered properties.</summary>
    private const int ChunkChars = 30_000;

    public static void WriteChunked<T>(TableEntity entity, string name, T value) =>
        WriteChunkedText(entity, name, JsonSerializer.Serialize(value, Options));

    public static T? ReadChunked<T>(TableEntity entity, string name) =>
        ReadChunkedText(entity, name) is { } json ? JsonSerializer.Deserialize<T>(json, Options) : default;

    /// <summary>Text of any length (JSON already serialized) over as many numbered string properties as it needs.</summary>
    public static void WriteChunkedText(TableEntity entity, string name, string json)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(json);
        for (int i = 0, chunk = 0; i < json.Length || chunk == 0; i += ChunkChars, chunk++)
        {
            entity[chunk == 0 ? name : $"{name}_{chunk}"] = json.Substring(i, Math.Min(ChunkChars, json.Length - i));
        }
    }

    public static string? ReadChunkedText(TableEntity entity, string name)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var first = entity.GetString(name);
        if (first is null)
        {
            return null;
        }

        var json = new System.Text.StringBuilder(first);
        for (var chunk = 1; entity.GetString($"{name}_{chunk}") is { } next; chunk++)
        {
            json.Append(next);
        }

        return json.ToString();
    }
}
