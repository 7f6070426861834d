using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using CspUpgrades.Storage.Connection;
using CspUpgrades.Storage.Diagnostics;

namespace CspUpgrades.Storage.Queues;

/// <summary>
/// One Storage queue, over Azure.Core's pipeline; shaped like <c>Azure.Storage.Queues.QueueClient</c>. Message text is
/// sent base64-encoded (UTF-8), as the Functions queue trigger expects by default. Thread-safe: create once and share.
/// Methods are virtual so tests can mock the client.
/// </summary>
public partial class QueueClient
{
    /// <summary>The service's limit on a message, measured after base64 encoding.</summary>
    public const int MaxMessageSize = 64 * 1024;

    private const string ApiVersion = "2021-12-02";

    private readonly HttpPipeline _pipeline;
    private readonly Uri _serviceUri;

    public QueueClient(string connectionString, string queueName, StorageClientOptions? options = null)
        : this(StorageConnection.Parse(connectionString), queueName, options)
    {
    }

    public QueueClient(StorageConnection connection, string queueName, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(queueName);
        if (!QueueNamePattern().IsMatch(queueName) || queueName.Contains("--", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"'{queueName}' is not a valid queue name: 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(queueName));
        }

        Name = queueName;
        AccountName = connection.AccountName;
        _serviceUri = connection.QueueEndpoint;
        _pipeline = StoragePipeline.Build(connection, options ?? new StorageClientOptions(), StorageService.Queue);
    }

    /// <summary>For mocking only.</summary>
    protected QueueClient()
    {
        Name = string.Empty;
        AccountName = string.Empty;
        _serviceUri = new Uri("http://localhost");
        _pipeline = null!;
    }

    public virtual string Name { get; }

    public virtual string AccountName { get; }

    /// <returns>True when this call created the queue.</returns>
    public virtual async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Put, string.Empty);
        var response = await SendAsync(message, cancellationToken);
        return response.Status switch
        {
            201 => true,
            204 => false,
            _ => throw StorageErrorParser.CreateException(response),
        };
    }

    /// <returns>True when the queue existed and was deleted.</returns>
    public virtual async Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, string.Empty);
        var response = await SendAsync(message, cancellationToken);
        return response.Status switch
        {
            204 => true,
            404 => false,
            _ => throw StorageErrorParser.CreateException(response),
        };
    }

    /// <summary>Sends <paramref name="messageText"/> base64-encoded; refuses messages over 64 KiB after encoding.</summary>
    /// <param name="visibilityTimeout">Hidden this long before the first delivery (default: visible at once).</param>
    /// <param name="timeToLive">Deleted by the service after this long (default: 7 days; <see cref="Timeout.InfiniteTimeSpan"/>: never).</param>
    public virtual async Task<SendReceipt> SendMessageAsync(
        string messageText, TimeSpan? visibilityTimeout = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        var encoded = Encode(messageText);
        using var message = CreateMessage(RequestMethod.Post, "/messages");
        if (visibilityTimeout is { } visibility)
        {
            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibility, nameof(visibilityTimeout)));
        }

        if (timeToLive is { } ttl)
        {
            message.Request.Uri.AppendQuery("messagettl", ttl == Timeout.InfiniteTimeSpan ? "-1" : Seconds(ttl, nameof(timeToLive)));
        }

        SetXmlContent(message, encoded);
        var response = await SendAsync(message, cancellationToken);
        EnsureStatus(response, 201);
        var fields = QueueMessageXml.ReadList(response.Content).Single();
        return new SendReceipt(
            fields["MessageId"],
            fields["PopReceipt"],
            QueueMessageXml.Date(fields, "InsertionTime"),
            QueueMessageXml.Date(fields, "ExpirationTime"),
            QueueMessageXml.Date(fields, "TimeNextVisible"));
    }

    /// <summary>Receives up to <paramref name="maxMessages"/> (1-32) messages and hides them for <paramref name="visibilityTimeout"/>.</summary>
    public virtual async Task<IReadOnlyList<QueueMessage>> ReceiveMessagesAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        using var message = CreateMessage(RequestMethod.Get, "/messages");
        message.Request.Uri.AppendQuery("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture));
        message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout, nameof(visibilityTimeout)));
        var response = await SendAsync(message, cancellationToken);
        EnsureStatus(response, 200);
        return QueueMessageXml.ReadList(response.Content)
            .Select(f => new QueueMessage(
                f["MessageId"],
                f["PopReceipt"],
                QueueMessageXml.DecodeBody(f.GetValueOrDefault("MessageText", string.Empty)),
                long.Parse(f["DequeueCount"], CultureInfo.InvariantCulture),
                QueueMessageXml.Date(f, "InsertionTime"),
                QueueMessageXml.Date(f, "ExpirationTime"),
                QueueMessageXml.Date(f, "TimeNextVisible")))
            .ToList();
    }

    /// <summary>Looks at up to <paramref name="maxMessages"/> (1-32) visible messages without receiving them.</summary>
    public virtual async Task<IReadOnlyList<PeekedMessage>> PeekMessagesAsync(int maxMessages = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        using var message = CreateMessage(RequestMethod.Get, "/messages");
        message.Request.Uri.AppendQuery("peekonly", "true");
        message.Request.Uri.AppendQuery("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture));
        var response = await SendAsync(message, cancellationToken);
        EnsureStatus(response, 200);
        return QueueMessageXml.ReadList(response.Content)
            .Select(f => new PeekedMessage(
                f["MessageId"],
                QueueMessageXml.DecodeBody(f.GetValueOrDefault("MessageText", string.Empty)),
                long.Parse(f["DequeueCount"], CultureInfo.InvariantCulture),
                QueueMessageXml.Date(f, "InsertionTime"),
                QueueMessageXml.Date(f, "ExpirationTime")))
            .ToList();
    }

    /// <summary>Changes a received message's visibility (and, when given, its text). The old pop receipt becomes invalid.</summary>
    public virtual async Task<UpdateReceipt> UpdateMessageAsync(
        string messageId, string popReceipt, TimeSpan visibilityTimeout, string? messageText = null, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessageRequest(RequestMethod.Put, messageId, popReceipt);
        message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout, nameof(visibilityTimeout)));
        if (messageText is not null)
        {
            SetXmlContent(message, Encode(messageText));
        }

        var response = await SendAsync(message, cancellationToken);
        EnsureStatus(response, 204);
        response.Headers.TryGetValue("x-ms-popreceipt", out var newReceipt);
        response.Headers.TryGetValue("x-ms-time-next-visible", out var nextVisible);
        return new UpdateReceipt(newReceipt ?? throw StorageErrorParser.CreateException(response), QueueMessageXml.ParseDate(nextVisible));
    }

    /// <summary>Deletes a received message; a stale pop receipt or a message already gone fails with 404.</summary>
    public virtual async Task DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessageRequest(RequestMethod.Delete, messageId, popReceipt);
        var response = await SendAsync(message, cancellationToken);
        EnsureStatus(response, 204);
    }

    /// <summary>The service's approximate count of messages (visible or not).</summary>
    public virtual async Task<int> GetApproximateMessageCountAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get, string.Empty);
        message.Request.Uri.AppendQuery("comp", "metadata");
        var response = await SendAsync(message, cancellationToken);
        EnsureStatus(response, 200);
        return response.Headers.TryGetValue("x-ms-approximate-messages-count", out var count)
            ? int.Parse(count, CultureInfo.InvariantCulture)
            : throw StorageErrorParser.CreateException(response);
    }

    private static string Encode(string messageText)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(messageText));
        if (encoded.Length > MaxMessageSize)
        {
            throw new ArgumentException(
                $"The message is {encoded.Length:N0} bytes after base64 encoding; a queue message holds at most {MaxMessageSize:N0}. Store the payload in a table and enqueue its key.",
                nameof(messageText));
        }

        return encoded;
    }

    private static string Seconds(TimeSpan value, string paramName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, paramName);
        return ((long)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    private static void SetXmlContent(HttpMessage message, string base64Text)
    {
        message.Request.Headers.SetValue("Content-Type", "application/xml");
        message.Request.Content = RequestContent.Create(QueueMessageXml.Request(base64Text));
    }

    private static void EnsureStatus(Response response, int expected)
    {
        if (response.Status != expected)
        {
            throw StorageErrorParser.CreateException(response);
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex QueueNamePattern();

    private HttpMessage CreateMessageRequest(RequestMethod method, string messageId, string popReceipt)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        var message = CreateMessage(method, "/messages/" + Uri.EscapeDataString(messageId));
        message.Request.Uri.AppendQuery("popreceipt", popReceipt);
        return message;
    }

    private HttpMessage CreateMessage(RequestMethod method, string subPath)
    {
        var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(_serviceUri);
        request.Uri.AppendPath("/" + Name + subPath, escape: false);
        request.Headers.SetValue("x-ms-version", ApiVersion);
        message.SetProperty(typeof(StorageRequestTarget), new StorageRequestTarget(Name));
        return message;
    }

    private async Task<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        await _pipeline.SendAsync(message, cancellationToken);
        return message.Response;
    }
}
