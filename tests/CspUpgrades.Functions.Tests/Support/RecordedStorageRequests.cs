using System.Collections.Concurrent;
using CspUpgrades.Functions.Settings;
using CspUpgrades.Functions.Telemetry;
using CspUpgrades.Storage.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CspUpgrades.Functions.Tests.Support;

/// <summary>
/// The worker's own storage-request tally (its counting middleware, on with <see cref="Settings"/>), keeping every request
/// of every invocation and of the writing of every HTTP result: where a test sees which requests a call made inside the worker.
/// </summary>
public sealed class RecordedStorageRequests : StorageRequestTally
{
    private readonly ConcurrentQueue<Work> _work = new();

    /// <summary>The setting that turns the worker's counting on.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } =
        new Dictionary<string, string> { [AppSettings.StorageRequestDiagnostics] = "true" };

    /// <summary>How much has been recorded so far: pass it to <see cref="OfHttpCallAsync"/> after the call.</summary>
    public int Mark => _work.Count;

    protected override bool RecordsRequests => true;

    public void Register(IServiceCollection services) => services.AddSingleton<StorageRequestTally>(this);

    /// <summary>
    /// The requests of the one HTTP call made since <paramref name="mark"/>: its invocation's and its result's. The result is
    /// written after the invocation, possibly after the client has read its last byte, so this waits for it; and the late
    /// result of an earlier call to another function is left out.
    /// </summary>
    public async Task<IReadOnlyList<StorageRequest>> OfHttpCallAsync(int mark)
    {
        IReadOnlyList<Work> Ours()
        {
            var since = _work.Skip(mark).ToList();
            var invoked = since.Where(work => work.IsInvocation).Select(work => work.Function).ToHashSet(StringComparer.Ordinal);
            return [.. since.Where(work => invoked.Contains(work.Function))];
        }

        var ours = await Eventually.ReturnsAsync(
            () => Task.FromResult(Ours()), work => work.Any(w => w.IsInvocation) && work.Any(w => !w.IsInvocation), "the HTTP call and its result to be counted");
        return [.. ours.SelectMany(work => work.Scope.Recorded)];
    }

    /// <summary>The requests of every invocation (and result) recorded since <paramref name="mark"/>, in order.</summary>
    public IReadOnlyList<StorageRequest> RecordedSince(int mark) => [.. _work.Skip(mark).SelectMany(work => work.Scope.Recorded)];

    /// <summary>Waits until <paramref name="count"/> invocations of <paramref name="function"/> have been counted since <paramref name="mark"/>.</summary>
    public Task UntilInvokedAsync(string function, int mark, int count = 1) =>
        Eventually.UntilAsync(() => _work.Skip(mark).Count(work => work.IsInvocation && work.Function == function) >= count, $"{count} invocation(s) of {function}");

    protected override void Add(string functionName, StorageRequestScope scope, bool isInvocation)
    {
        base.Add(functionName, scope, isInvocation);
        _work.Enqueue(new Work(functionName, scope, isInvocation));
    }

    private sealed record Work(string Function, StorageRequestScope Scope, bool IsInvocation);
}
