using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;

namespace CspUpgrades.Storage.Tables;

/// <summary>
/// Reads entities from the <c>application/json;odata=minimalmetadata</c> answers of the Table service, using the
/// <c>Name@odata.type</c> annotations to restore Int64, Double, DateTime, Guid and Binary values. One instance per
/// query: it remembers property names so a page of a thousand rows allocates each name once. Not thread-safe.
/// </summary>
internal sealed class TableEntityReader
{
    private const int MaxCachedNames = 64;
    private readonly List<(byte[] Utf8, string Name)> _names = [];
    private readonly bool _cacheNames;
    private int _nextName;

    /// <param name="cacheNames">Worth it for query pages; a single entity would only pay for the cache.</param>
    public TableEntityReader(bool cacheNames = true) => _cacheNames = cacheNames;

    private enum EdmType
    {
        None,
        String,
        Boolean,
        Int32,
        Int64,
        Double,
        DateTime,
        Guid,
        Binary,
    }

    /// <summary>A query answer: <c>{"odata.metadata":…,"value":[{…},{…}]}</c>.</summary>
    public List<TableEntity> ReadPage(ReadOnlySpan<byte> json)
    {
        var entities = new List<TableEntity>();
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isValue = reader.ValueTextEquals("value"u8);
            reader.Read();
            if (!isValue)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                entities.Add(ReadEntity(ref reader));
            }
        }

        return entities;
    }

    /// <summary>A point read answer: one entity object.</summary>
    public TableEntity ReadSingle(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return ReadEntity(ref reader);
    }

    private static EdmType ParseType(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("Edm.Int64"u8) ? EdmType.Int64
        : reader.ValueTextEquals("Edm.DateTime"u8) ? EdmType.DateTime
        : reader.ValueTextEquals("Edm.Double"u8) ? EdmType.Double
        : reader.ValueTextEquals("Edm.Guid"u8) ? EdmType.Guid
        : reader.ValueTextEquals("Edm.Binary"u8) ? EdmType.Binary
        : reader.ValueTextEquals("Edm.Int32"u8) ? EdmType.Int32
        : reader.ValueTextEquals("Edm.Boolean"u8) ? EdmType.Boolean
        : reader.ValueTextEquals("Edm.String"u8) ? EdmType.String
        : EdmType.None;

    private static object? ReadValue(ref Utf8JsonReader reader, string name, EdmType type)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return type switch
                {
                    EdmType.Int64 => ParseInt64(ref reader),
                    EdmType.DateTime => reader.GetDateTimeOffset(),
                    EdmType.Guid => reader.GetGuid(),
                    EdmType.Binary => reader.GetBytesFromBase64(),
                    EdmType.None or EdmType.String when name == TableEntity.TimestampName => reader.GetDateTimeOffset(),
                    _ => Convert(reader.GetString()!, type),
                };
            case JsonTokenType.Number:
                // Casts keep each arm's type: the switch's common type would otherwise be double.
                return type switch
                {
                    EdmType.Double => (object)reader.GetDouble(),
                    EdmType.Int64 => (object)reader.GetInt64(),
                    EdmType.Int32 => (object)reader.GetInt32(),
                    _ when reader.ValueSpan.IndexOfAny(".eE"u8) >= 0 => (object)reader.GetDouble(),
                    _ => reader.TryGetInt32(out var i) ? (object)i : (object)reader.GetDouble(),
                };
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }

    private static long ParseInt64(ref Utf8JsonReader reader) =>
        !reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out long value, out var consumed) && consumed == reader.ValueSpan.Length
            ? value
            : long.Parse(reader.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    // The slow path, for a string whose type annotation came after it or for rare types.
    private static object Convert(string text, EdmType type) => type switch
    {
        EdmType.Int64 => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        EdmType.Int32 => int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        EdmType.Double => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        EdmType.Boolean => bool.Parse(text),
        EdmType.DateTime => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        EdmType.Guid => Guid.Parse(text, CultureInfo.InvariantCulture),
        EdmType.Binary => System.Convert.FromBase64String(text),
        _ => text,
    };

    private TableEntity ReadEntity(ref Utf8JsonReader reader)
    {
        var entity = new TableEntity(capacity: 8);
        string? annotated = null;
        var annotatedType = EdmType.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var rawName = reader.ValueSpan;
            if (reader.ValueTextEquals("odata.etag"u8))
            {
                reader.Read();
                entity.ETag = new ETag(reader.GetString() ?? string.Empty);
                continue;
            }

            if (!reader.ValueIsEscaped && rawName.EndsWith("@odata.type"u8))
            {
                annotated = Name(rawName[..^"@odata.type"u8.Length]);
                reader.Read();
                annotatedType = ParseType(ref reader);
                if (entity.TryGet(annotated) is string early)
                {
                    entity.SetParsed(annotated, Convert(early, annotatedType)); // The annotation came after its value.
                }

                continue;
            }

            if (!reader.ValueIsEscaped && rawName.StartsWith("odata."u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            var name = reader.ValueIsEscaped ? reader.GetString()! : Name(rawName);
            reader.Read();
            var type = ReferenceEquals(name, annotated) || name == annotated ? annotatedType : EdmType.None;
            if (ReadValue(ref reader, name, type) is { } value)
            {
                entity.SetParsed(name, value);
            }
        }

        return entity;
    }

    // Rows of one query share their property names, usually in the same order: try the next expected name first.
    private string Name(ReadOnlySpan<byte> utf8)
    {
        for (var n = 0; n < _names.Count; n++)
        {
            var index = (_nextName + n) % _names.Count;
            if (utf8.SequenceEqual(_names[index].Utf8))
            {
                _nextName = index + 1;
                return _names[index].Name;
            }
        }

        var name = Encoding.UTF8.GetString(utf8);
        if (_cacheNames && _names.Count < MaxCachedNames)
        {
            _names.Add((utf8.ToArray(), name));
            _nextName = _names.Count;
        }

        return name;
    }
}
