using CspUpgrades.Testing.Azurite;
using Xunit.Abstractions;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>The hostile requests against the isolated worker, through the local Functions host.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class WorkerFuzzingTests(WorkerFuzzTarget target, ITestOutputHelper output) : HttpFuzzingTests(target, output), IClassFixture<WorkerFuzzTarget>;
