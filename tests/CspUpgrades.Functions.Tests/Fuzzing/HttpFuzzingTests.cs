using System.Globalization;
using CspUpgrades.Testing.Azurite;
using Xunit.Abstractions;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>
/// Issue #5, item 7: thousands of generated hostile requests per endpoint, sent through Kestrel to the
/// real app on real Azurite. Every answer is an expected 4xx as problem details (never 5xx), and the
/// table and the upgrade queue are exactly as they were before the batch. Each endpoint has a fixed seed;
/// a failure prints it with the failing requests (replay with <c>CSP_FUZZ_SEED</c>). The app runs as an isolated worker
/// under the local Functions host: requests pass through the host's HTTP port and its forwarding, as in Azure.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class HttpFuzzingTests(FuzzTarget target, ITestOutputHelper output) : IClassFixture<FuzzTarget>
{
    private const int CasesPerEndpoint = 2_000;

    [Fact]
    public Task CheckUpgradeEligibilityRefusesEveryHostileRequest() => FuzzAsync(new CheckUpgradeEligibilityFuzzer(target), seed: 7_101);

    [Fact]
    public Task RequestUpgradeRefusesEveryHostileRequest() => FuzzAsync(new RequestUpgradeFuzzer(target), seed: 7_102);

    [Fact]
    public Task GetUpgradeOperationRefusesEveryHostileRequest() => FuzzAsync(new GetUpgradeOperationFuzzer(target), seed: 7_103);

    [Fact]
    public Task AddLicensesRefusesEveryHostileRequest() => FuzzAsync(new AddLicensesFuzzer(target), seed: 7_104);

    [Fact]
    public Task GetAuditReportRefusesEveryHostileRequest() => FuzzAsync(new GetAuditReportFuzzer(target), seed: 7_105);

    [Fact]
    public Task ReceiveSubscriptionEventRefusesEveryHostileDelivery() => FuzzAsync(new ReceiveSubscriptionEventFuzzer(target), seed: 7_106);

    [Fact]
    public Task GetSubscriptionRefusesEveryHostileRequest() => FuzzAsync(new GetSubscriptionFuzzer(target), seed: 7_107);

    [Fact]
    public Task ListSubscriptionsRefusesEveryHostileRequest() => FuzzAsync(new ListSubscriptionsFuzzer(target), seed: 7_108);

    [Fact]
    public Task PreviewAddLicensesRefusesEveryHostileRequest() => FuzzAsync(new PreviewAddLicensesFuzzer(target), seed: 7_109);

    [Fact]
    public Task ListSubscriptionHistoryRefusesEveryHostileRequest() => FuzzAsync(new ListSubscriptionHistoryFuzzer(target), seed: 7_110);

    [Fact]
    public Task ListCustomersRefusesEveryHostileRequest() => FuzzAsync(new ListCustomersFuzzer(target), seed: 7_111);

    [Fact]
    public Task ListEventsRefusesEveryHostileRequest() => FuzzAsync(new ListEventsFuzzer(target), seed: 7_112);

    private async Task FuzzAsync(EndpointFuzzer fuzzer, int seed)
    {
        seed = FuzzSeed.For(seed);
        var cases = fuzzer.Generate(seed, CasesPerEndpoint);
        var before = await StorageState.TakeAsync(target);

        var (failures, duration) = await FuzzRun.RunAsync(target.Server, cases);

        var after = await StorageState.TakeAsync(target);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{fuzzer.Endpoint}: {cases.Count} cases from seed {seed} in {duration.TotalSeconds:F1} s; " +
            $"{cases.Select(c => c.Class).Distinct().Count()} classes; {failures.Count} failed"));
        Assert.True(failures.Count == 0, FuzzRun.Describe(fuzzer.Endpoint, seed, cases.Count, failures));
        Assert.True(after.SameAs(before),
            $"{fuzzer.Endpoint}: storage changed during the batch (seed {seed}):\n{after.DifferenceFrom(before)}");
    }
}
