using Azure.Data.Tables;
using Azure.Storage.Queues;
using CspUpgrades.Testing.Azurite.Requests;
using Microsoft.Extensions.DependencyInjection;

namespace CspUpgrades.Functions.Tests.Support;

/// <summary>
/// Every storage request of one worker, in the order its clients made them: a <see cref="StorageRequestRecorder"/> added to
/// every table and queue client the app registers (<see cref="Register"/>, a registration override of the worker's own
/// composition, as <c>ClientOptions.AddPolicy</c>). The worker makes storage requests only inside invocations (and the
/// writing of their HTTP results), and <see cref="WorkerApp"/> starts it only once its start-up requests are done; the host's
/// queue requests are the host's own clients'. So what a worker recorded between two points of a test is what the calls in
/// between made: take a <see cref="Mark"/> before a call, read <see cref="Since"/> after it has been answered.
/// </summary>
public sealed class RecordedStorageRequests
{
    private readonly StorageRequestScope _everything;
    private readonly StorageRequestRecorder _tables;
    private readonly StorageRequestRecorder _queues;

    public RecordedStorageRequests() => (_everything, _tables, _queues) = StorageRequestRecorder.Into();

    /// <summary>How much has been recorded so far: pass it to <see cref="Since"/> after the call.</summary>
    public int Mark => _everything.Recorded.Count;

    /// <summary>Adds the recorder to every table and queue client the worker registers.</summary>
    public void Register(IServiceCollection services)
    {
        services.PostConfigureAll<TableClientOptions>(options => StorageRequestRecorder.AddTo(options, _tables));
        services.PostConfigureAll<QueueClientOptions>(options => StorageRequestRecorder.AddTo(options, _queues));
    }

    /// <summary>The requests made since <paramref name="mark"/>, in order: after an answered HTTP call, its invocation's and
    /// its result's (the result's storage reads happen before the bytes they produce reach the client).</summary>
    public IReadOnlyList<StorageRequest> Since(int mark) => [.. _everything.Recorded.Skip(mark)];
}
