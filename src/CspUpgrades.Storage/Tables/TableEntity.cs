using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Azure;

namespace CspUpgrades.Storage.Tables;

/// <summary>
/// A table row: <see cref="PartitionKey"/>, <see cref="RowKey"/>, the server's <see cref="Timestamp"/> and <see cref="ETag"/>,
/// and typed properties. Values are <see cref="string"/>, <see cref="bool"/>, <see cref="int"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="DateTimeOffset"/> (a <see cref="DateTime"/> is stored as UTC), <see cref="Guid"/>
/// or <c>byte[]</c>; anything else is refused when set. Not thread-safe.
/// </summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Named like Azure.Data.Tables.TableEntity.")]
public sealed class TableEntity : IDictionary<string, object>
{
    public const string PartitionKeyName = "PartitionKey";
    public const string RowKeyName = "RowKey";
    public const string TimestampName = "Timestamp";

    private readonly Dictionary<string, object> _values;

    public TableEntity()
        : this(capacity: 0)
    {
    }

    public TableEntity(string partitionKey, string rowKey)
        : this(capacity: 4)
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public TableEntity(IDictionary<string, object> values)
        : this(values?.Count ?? 0)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (key, value) in values)
        {
            this[key] = value;
        }
    }

    internal TableEntity(int capacity) => _values = new Dictionary<string, object>(capacity, StringComparer.Ordinal);

    public string? PartitionKey
    {
        get => GetString(PartitionKeyName);
        set => SetOrRemove(PartitionKeyName, value);
    }

    public string? RowKey
    {
        get => GetString(RowKeyName);
        set => SetOrRemove(RowKeyName, value);
    }

    /// <summary>Set by the service on every write; ignored when sending.</summary>
    public DateTimeOffset? Timestamp
    {
        get => GetDateTimeOffset(TimestampName);
        set => SetOrRemove(TimestampName, value);
    }

    public ETag ETag { get; set; }

    public int Count => _values.Count;

    public ICollection<string> Keys => _values.Keys;

    public ICollection<object> Values => _values.Values;

    bool ICollection<KeyValuePair<string, object>>.IsReadOnly => false;

    public object this[string key]
    {
        get => _values[key];
        set => _values[key] = Normalize(key, value);
    }

    public string? GetString(string key) => GetReference<string>(key);

    public bool? GetBoolean(string key) => GetValue<bool>(key);

    public int? GetInt32(string key) => GetValue<int>(key);

    /// <summary>An Int64 property; an Int32 value widens.</summary>
    public long? GetInt64(string key) => TryGet(key) switch
    {
        null => null,
        int i => i,
        var other => Cast<long>(key, other),
    };

    /// <summary>A Double property; whole numbers the service sent without a decimal point widen.</summary>
    public double? GetDouble(string key) => TryGet(key) switch
    {
        null => null,
        int i => i,
        long l => l,
        var other => Cast<double>(key, other),
    };

    public DateTimeOffset? GetDateTimeOffset(string key) => GetValue<DateTimeOffset>(key);

    public Guid? GetGuid(string key) => GetValue<Guid>(key);

    public byte[]? GetBinary(string key) => GetReference<byte[]>(key);

    public void Add(string key, object value) => _values.Add(key, Normalize(key, value));

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool Remove(string key) => _values.Remove(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value) => _values.TryGetValue(key, out value);

    public void Clear() => _values.Clear();

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<KeyValuePair<string, object>>.Add(KeyValuePair<string, object> item) => Add(item.Key, item.Value);

    bool ICollection<KeyValuePair<string, object>>.Contains(KeyValuePair<string, object> item) =>
        ((ICollection<KeyValuePair<string, object>>)_values).Contains(item);

    void ICollection<KeyValuePair<string, object>>.CopyTo(KeyValuePair<string, object>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, object>>)_values).CopyTo(array, arrayIndex);

    bool ICollection<KeyValuePair<string, object>>.Remove(KeyValuePair<string, object> item) =>
        ((ICollection<KeyValuePair<string, object>>)_values).Remove(item);

    public override string ToString() => $"{PartitionKey}/{RowKey} ({Count} properties)";

    // The JSON reader has already produced one of the supported types.
    internal void SetParsed(string key, object value) => _values[key] = value;

    internal object? TryGet(string key) => _values.TryGetValue(key, out var value) ? value : null;

    private static object Normalize(string key, object value)
    {
        ArgumentNullException.ThrowIfNull(key);
        return value switch
        {
            null => throw new ArgumentNullException(nameof(value), $"Property '{key}' cannot be null; remove it instead."),
            string or bool or int or long or double or DateTimeOffset or Guid or byte[] => value,
            DateTime dateTime => new DateTimeOffset(dateTime.Kind == DateTimeKind.Unspecified
                ? DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)
                : dateTime.ToUniversalTime()),
            _ => throw new ArgumentException(
                $"Property '{key}' has type {value.GetType().Name}; Table Storage stores string, bool, int, long, double, DateTimeOffset, Guid and byte[].",
                nameof(value)),
        };
    }

    private static T Cast<T>(string key, object value) => value is T typed
        ? typed
        : throw new InvalidOperationException($"Property '{key}' is {value.GetType().Name}, not {typeof(T).Name}.");

    private T? GetReference<T>(string key)
        where T : class => TryGet(key) is { } value ? Cast<T>(key, value) : null;

    private T? GetValue<T>(string key)
        where T : struct => TryGet(key) is { } value ? Cast<T>(key, value) : null;

    private void SetOrRemove(string key, object? value)
    {
        if (value is null)
        {
            _values.Remove(key);
        }
        else
        {
            this[key] = value;
        }
    }
}
