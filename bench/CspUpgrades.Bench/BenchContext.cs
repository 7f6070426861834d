using CspUpgrades.Functions.Telemetry;

namespace CspUpgrades.Bench;

/// <summary>What every measurement needs, and where it puts its results.</summary>
internal sealed class BenchContext(BenchOptions options, string storageConnectionString, TextWriter log)
{
    public BenchOptions Options { get; } = options;

    public string StorageConnectionString { get; } = storageConnectionString;

    public List<Measurement> Measurements { get; } = [];

    public List<RequestCount> RequestCounts { get; } = [];

    public void Log(string message) => log.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    /// <summary>Requests per invocation of <paramref name="function"/> between two reports.</summary>
    public static double PerInvocation(StorageRequestReport before, StorageRequestReport after, string function)
    {
        var (invocations, requests) = Delta(before, after, function);
        return invocations == 0 ? double.NaN : (double)requests / invocations;
    }

    public static (long Invocations, long Requests) Delta(StorageRequestReport before, StorageRequestReport after, string function)
    {
        var then = before.Functions.GetValueOrDefault(function) ?? new FunctionStorageRequests(0, 0, 0);
        var now = after.Functions.GetValueOrDefault(function) ?? new FunctionStorageRequests(0, 0, 0);
        return (now.Invocations - then.Invocations, now.Requests - then.Requests);
    }
}
