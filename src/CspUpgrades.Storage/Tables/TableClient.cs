using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using CspUpgrades.Storage.Connection;
using CspUpgrades.Storage.Diagnostics;

namespace CspUpgrades.Storage.Tables;

/// <summary>
/// One table of the Table service, over Azure.Core's pipeline; shaped like <c>Azure.Data.Tables.TableClient</c>.
/// Thread-safe: create once and share. Failures are <see cref="RequestFailedException"/> with Status and ErrorCode;
/// expected absences (a missing entity) are values. Methods are virtual so tests can mock the client.
/// </summary>
[SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "'select' as in Azure.Data.Tables, so named arguments survive a swap.")]
public class TableClient
{
    private const string ApiVersion = "2019-02-02";
    private const string JsonAccept = "application/json;odata=minimalmetadata";
    private static readonly RequestMethod Merge = new("MERGE");

    private readonly HttpPipeline _pipeline;
    private readonly Uri _serviceUri;
    private readonly string _serviceUrl;

    public TableClient(string connectionString, string tableName, StorageClientOptions? options = null)
        : this(StorageConnection.Parse(connectionString), tableName, options)
    {
    }

    public TableClient(StorageConnection connection, string tableName, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Name = TableKeys.ValidateTableName(tableName);
        AccountName = connection.AccountName;
        _serviceUri = connection.TableEndpoint;
        _serviceUrl = connection.TableEndpoint.AbsoluteUri.TrimEnd('/');
        _pipeline = StoragePipeline.Build(connection, options ?? new StorageClientOptions(), StorageService.Table);
    }

    /// <summary>For mocking only.</summary>
    protected TableClient()
    {
        Name = string.Empty;
        AccountName = string.Empty;
        _serviceUri = new Uri("http://localhost");
        _serviceUrl = string.Empty;
        _pipeline = null!;
    }

    public virtual string Name { get; }

    public virtual string AccountName { get; }

    /// <summary>Builds a <c>$filter</c> from an interpolated string, turning every value into an escaped OData literal:
    /// <c>CreateQueryFilter($"PartitionKey eq {pk} and Amount gt {100L}")</c>. Every filter must be built here.</summary>
    public static string CreateQueryFilter(FormattableString filter) => TableOdataFilter.Create(filter);

    /// <returns>True when this call created the table.</returns>
    public virtual async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Post, "/Tables");
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetJsonContent(message, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("TableName", Name);
            writer.WriteEndObject();
        });
        var response = await SendAsync(message, cancellationToken);
        return response.Status switch
        {
            201 or 204 => true,
            409 when ErrorCode(response) == "TableAlreadyExists" => false,
            _ => throw StorageErrorParser.CreateException(response),
        };
    }

    /// <returns>True when the table existed and was deleted.</returns>
    public virtual async Task<bool> DeleteAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, $"/Tables('{Name}')");
        var response = await SendAsync(message, cancellationToken);
        return response.Status switch
        {
            204 => true,
            404 => false,
            _ => throw StorageErrorParser.CreateException(response),
        };
    }

    /// <summary>Reads one entity; a missing entity is <c>HasValue == false</c>, not an exception (a missing table is).</summary>
    public virtual async Task<NullableResponse<TableEntity>> GetEntityIfExistsAsync(
        string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        TableKeys.Validate(partitionKey, nameof(partitionKey));
        TableKeys.Validate(rowKey, nameof(rowKey));
        using var message = CreateMessage(RequestMethod.Get, TableKeys.EntityPath(Name, partitionKey, rowKey), partitionKey, rowKeys: [rowKey]);
        AppendSelect(message.Request.Uri, select);
        var response = await SendAsync(message, cancellationToken);
        if (response.Status == 404 && ErrorCode(response) == "ResourceNotFound")
        {
            return new EntityResponse(null, response);
        }

        EnsureStatus(response, 200);
        var entity = new TableEntityReader(cacheNames: false).ReadSingle(response.Content.ToMemory().Span);
        if (response.Headers.ETag is { } etag)
        {
            entity.ETag = etag;
        }

        return new EntityResponse(entity, response);
    }

    /// <summary>Inserts; an existing key fails with 409 <c>EntityAlreadyExists</c>.</summary>
    /// <returns>The new entity's ETag.</returns>
    public virtual async Task<ETag> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        var (partitionKey, rowKey) = Keys(entity);
        using var message = CreateMessage(RequestMethod.Post, "/" + Name, partitionKey, rowKeys: [rowKey]);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetJsonContent(message, writer => TableEntityWriter.Write(writer, entity));
        return await SendForETagAsync(message, cancellationToken);
    }

    /// <summary>Inserts, or merges into / replaces an existing entity, unconditionally.</summary>
    public virtual Task<ETag> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default) =>
        WriteAsync(entity, ifMatch: null, mode, cancellationToken);

    /// <summary>Updates an existing entity if its ETag still matches (<see cref="ETag.All"/> for unconditional);
    /// a stale ETag fails with 412 <c>UpdateConditionNotSatisfied</c>, a missing entity with 404.</summary>
    public virtual Task<ETag> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        // Without If-Match the service would upsert: refuse rather than silently create.
        if (ifMatch == default)
        {
            throw new ArgumentException("UpdateEntityAsync needs an ETag; pass ETag.All for an unconditional update.", nameof(ifMatch));
        }

        return WriteAsync(entity, ifMatch, mode, cancellationToken);
    }

    /// <summary>Deletes an entity if its ETag matches (default: unconditionally).</summary>
    /// <returns>False when the entity did not exist.</returns>
    public virtual async Task<bool> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        TableKeys.Validate(partitionKey, nameof(partitionKey));
        TableKeys.Validate(rowKey, nameof(rowKey));
        using var message = CreateMessage(RequestMethod.Delete, TableKeys.EntityPath(Name, partitionKey, rowKey), partitionKey, rowKeys: [rowKey]);
        message.Request.Headers.SetValue("If-Match", ifMatch == default ? "*" : ifMatch.ToString("H"));
        var response = await SendAsync(message, cancellationToken);
        if (response.Status == 404 && ErrorCode(response) == "ResourceNotFound")
        {
            return false;
        }

        EnsureStatus(response, 204);
        return true;
    }

    /// <summary>
    /// Entities matching <paramref name="filter"/> (built with <see cref="CreateQueryFilter"/>), fetched a page at a time
    /// (≤1,000 rows, or <paramref name="maxPerPage"/> as <c>$top</c>) as the enumeration advances. <c>AsPages()</c> gives the
    /// pages and their continuation tokens.
    /// </summary>
    public virtual AsyncPageable<TableEntity> QueryAsync(
        string? filter = null, IEnumerable<string>? select = null, int? maxPerPage = null, CancellationToken cancellationToken = default)
    {
        if (maxPerPage is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPerPage), maxPerPage, "A page holds 1 to 1,000 entities.");
        }

        var columns = select?.ToArray();
        var partitionKey = TableOdataFilter.SinglePartition(filter);
        return new TableQueryPageable(
            (token, top, reader, ct) => QueryPageAsync(filter, columns, top, token, partitionKey, reader, ct),
            maxPerPage,
            cancellationToken);
    }

    /// <summary>The pages of <see cref="QueryAsync"/>, starting at <paramref name="continuationToken"/> (from an earlier page) or at the beginning.</summary>
    public virtual IAsyncEnumerable<Page<TableEntity>> QueryPagesAsync(
        string? filter = null, IEnumerable<string>? select = null, int? maxPerPage = null, string? continuationToken = null, CancellationToken cancellationToken = default) =>
        QueryAsync(filter, select, maxPerPage, cancellationToken).AsPages(continuationToken, maxPerPage);

    /// <summary>
    /// Applies all actions atomically (one partition, at most 100 actions — both checked before sending).
    /// A failure throws <see cref="TableTransactionFailedException"/> naming the failing action; nothing is applied.
    /// </summary>
    /// <returns>Each action's new ETag, in order (default for deletes).</returns>
    public virtual async Task<IReadOnlyList<ETag>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var list = actions as IReadOnlyList<TableTransactionAction> ?? [.. actions];
        var partitionKey = TableTransactionBatch.Validate(list);
        var boundary = "batch_" + Guid.NewGuid().ToString("N");
        using var message = CreateMessage(RequestMethod.Post, "/$batch", partitionKey, rowKeys: [.. list.Select(action => action.Entity.RowKey!)]);
        message.Request.Headers.SetValue("Content-Type", "multipart/mixed; boundary=" + boundary);
        message.Request.Content = TableTransactionBatch.CreateContent(list, _serviceUrl, Name, boundary);
        var response = await SendAsync(message, cancellationToken);
        EnsureStatus(response, 202);
        return TableTransactionBatch.ReadResponse(response, list.Count);
    }

    private static (string PartitionKey, string RowKey) Keys(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return (TableKeys.Validate(entity.PartitionKey, "PartitionKey"), TableKeys.Validate(entity.RowKey, "RowKey"));
    }

    private static void AppendSelect(RequestUriBuilder uri, IEnumerable<string>? select)
    {
        if (select is not null)
        {
            uri.AppendQuery("$select", string.Join(',', select));
        }
    }

    private static string? ErrorCode(Response response) =>
        response.Headers.TryGetValue("x-ms-error-code", out var code) ? code : StorageErrorParser.ReadBody(response).Code;

    private static void EnsureStatus(Response response, int expected)
    {
        if (response.Status != expected)
        {
            throw StorageErrorParser.CreateException(response);
        }
    }

    private static void SetJsonContent(HttpMessage message, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(buffer.WrittenMemory);
    }

    private async Task<ETag> WriteAsync(TableEntity entity, ETag? ifMatch, TableUpdateMode mode, CancellationToken cancellationToken)
    {
        var (partitionKey, rowKey) = Keys(entity);
        var method = mode == TableUpdateMode.Replace ? RequestMethod.Put : Merge;
        using var message = CreateMessage(method, TableKeys.EntityPath(Name, partitionKey, rowKey), partitionKey, rowKeys: [rowKey]);
        if (ifMatch is { } etag)
        {
            message.Request.Headers.SetValue("If-Match", etag.ToString("H"));
        }

        SetJsonContent(message, writer => TableEntityWriter.Write(writer, entity));
        return await SendForETagAsync(message, cancellationToken);
    }

    private async Task<Page<TableEntity>> QueryPageAsync(
        string? filter, string[]? select, int? top, string? continuationToken, string? partitionKey, TableEntityReader reader, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Get, $"/{Name}()", partitionKey, filter);
        var uri = message.Request.Uri;
        if (!string.IsNullOrEmpty(filter))
        {
            uri.AppendQuery("$filter", filter);
        }

        AppendSelect(uri, select);
        if (top is { } pageSize)
        {
            uri.AppendQuery("$top", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (continuationToken is not null)
        {
            var parts = continuationToken.Split(' ', 2);
            uri.AppendQuery("NextPartitionKey", parts[0]);
            if (parts.Length == 2)
            {
                uri.AppendQuery("NextRowKey", parts[1]);
            }
        }

        var response = await SendAsync(message, cancellationToken);
        EnsureStatus(response, 200);
        var entities = reader.ReadPage(response.Content.ToMemory().Span);
        string? next = null;
        if (response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var nextPartition))
        {
            next = response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var nextRow) ? nextPartition + " " + nextRow : nextPartition;
        }

        return Page<TableEntity>.FromValues(entities, next, response);
    }

    private async Task<ETag> SendForETagAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        var response = await SendAsync(message, cancellationToken);
        if (response.IsError)
        {
            throw StorageErrorParser.CreateException(response);
        }

        return response.Headers.ETag ?? default;
    }

    private HttpMessage CreateMessage(
        RequestMethod method, string path, string? partitionKey = null, string? filter = null, IReadOnlyList<string>? rowKeys = null)
    {
        var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(_serviceUri);
        request.Uri.AppendPath(path, escape: false);
        request.Headers.SetValue("x-ms-version", ApiVersion);
        request.Headers.SetValue("DataServiceVersion", "3.0");
        request.Headers.SetValue("Accept", JsonAccept);
        message.SetProperty(typeof(StorageRequestTarget), new StorageRequestTarget(Name, partitionKey, filter, rowKeys));
        return message;
    }

    private async Task<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        await _pipeline.SendAsync(message, cancellationToken);
        return message.Response;
    }
}
