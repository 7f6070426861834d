namespace CspUpgrades.Bench;

/// <summary>What every measurement needs, and where it puts its results.</summary>
internal sealed class BenchContext(BenchOptions options, StorageProxy storage, TextWriter log)
{
    public BenchOptions Options { get; } = options;

    /// <summary>Azurite behind the counting proxy: the app under test is started on it (<see cref="AppUnderTest.StartAsync"/>).</summary>
    public StorageProxy Storage { get; } = storage;

    /// <summary>For the benchmark's own clients (seeding, raw baselines): the proxy's uncounted ports, the same hop the app pays.</summary>
    public string StorageConnectionString => Storage.BenchConnectionString;

    public List<Measurement> Measurements { get; } = [];

    public List<RequestCount> RequestCounts { get; } = [];

    public void Log(string message) => log.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
