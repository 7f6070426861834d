using CspUpgrades.Testing.Azurite;
using Xunit.Abstractions;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>The hostile requests against the custom handler on a real loopback port.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class CustomHandlerFuzzingTests(FuzzTarget target, ITestOutputHelper output) : HttpFuzzingTests(target, output), IClassFixture<FuzzTarget>;
