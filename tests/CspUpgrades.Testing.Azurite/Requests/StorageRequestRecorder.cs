using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace CspUpgrades.Testing.Azurite.Requests;

/// <summary>
/// A per-retry pipeline policy that tests add to storage clients (<c>ClientOptions.AddPolicy</c>; the app's own clients
/// through a registration override) to see each attempt: what it was about (<see cref="StorageRequest"/>: table or queue,
/// partitions, rows, filter), counted into the ambient <see cref="StorageRequestScope"/>s of the async flow that made it, and,
/// for a recorder made <see cref="Into"/> a scope, into that one whatever the flow (a worker's invocations run in flows the
/// test does not own). Scopes live in an <see cref="AsyncLocal{T}"/>, so concurrent flows never see each other's requests.
/// <code>
/// using var scope = StorageRequestRecorder.BeginScope();
/// await handler.CheckAsync(...);
/// Assert.Equal(1, scope.Requests);
/// </code>
/// </summary>
public sealed class StorageRequestRecorder : HttpPipelinePolicy
{
    private static readonly AsyncLocal<StorageRequestScope?> Current = new();

    private readonly StorageService _service;
    private readonly StorageRequestScope? _everything;

    private StorageRequestRecorder(StorageService service, StorageRequestScope? everything)
    {
        _service = service;
        _everything = everything;
    }

    /// <summary>The policy of Table service clients: ambient scopes only.</summary>
    public static StorageRequestRecorder Tables { get; } = new(StorageService.Table, null);

    /// <summary>The policy of Queue service clients: ambient scopes only.</summary>
    public static StorageRequestRecorder Queues { get; } = new(StorageService.Queue, null);

    /// <summary>Starts counting the requests made from here on in this async flow, until the scope is disposed.</summary>
    /// <param name="recordRequests">Also keep each request (<see cref="StorageRequestScope.Recorded"/>); false counts only.</param>
    public static StorageRequestScope BeginScope(bool recordRequests = true)
    {
        var scope = new StorageRequestScope(Current.Value, recordRequests);
        Current.Value = scope;
        return scope;
    }

    /// <summary>
    /// Policies that record every request of the clients they are added to into one scope (besides any
    /// ambient scope), and that scope: one that is never ambient, never ends, and keeps every request.
    /// </summary>
    public static (StorageRequestScope Everything, StorageRequestRecorder Tables, StorageRequestRecorder Queues) Into()
    {
        var everything = new StorageRequestScope(null, recordRequests: true);
        return (everything, new(StorageService.Table, everything), new(StorageService.Queue, everything));
    }

    /// <summary>Table client options with <paramref name="recorder"/> (default <see cref="Tables"/>) added per retry.</summary>
    public static TableClientOptions AddTo(TableClientOptions options, StorageRequestRecorder? recorder = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(recorder ?? Tables, HttpPipelinePosition.PerRetry);
        return options;
    }

    /// <summary>Queue client options with <paramref name="recorder"/> (default <see cref="Queues"/>) added per retry.</summary>
    public static QueueClientOptions AddTo(QueueClientOptions options, StorageRequestRecorder? recorder = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(recorder ?? Queues, HttpPipelinePosition.PerRetry);
        return options;
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var scope = Current.Value;
        var status = 0;
        try
        {
            await ProcessNextAsync(message, pipeline);
            status = message.Response.Status;
        }
        finally
        {
            Record(scope, message, status);
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var scope = Current.Value;
        var status = 0;
        try
        {
            ProcessNext(message, pipeline);
            status = message.Response.Status;
        }
        finally
        {
            Record(scope, message, status);
        }
    }

    internal static void EndScope(StorageRequestScope scope)
    {
        if (ReferenceEquals(Current.Value, scope))
        {
            Current.Value = scope.Parent;
        }
    }

    private void Record(StorageRequestScope? scope, HttpMessage message, int status)
    {
        var attempt = message.ProcessingContext.RetryNumber;
        StorageRequest? request = null;
        void Into(StorageRequestScope s)
        {
            s.Count(attempt > 0);
            if (s.RecordsRequests)
            {
                request ??= StorageRequest.From(_service, message.Request, attempt, status);
                s.Record(request);
            }
        }

        if (_everything is not null)
        {
            Into(_everything);
        }

        for (var s = scope; s is not null; s = s.Parent)
        {
            if (!s.IsDisposed)
            {
                Into(s);
            }
        }
    }
}
