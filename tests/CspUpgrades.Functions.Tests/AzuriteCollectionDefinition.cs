using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests;

[CollectionDefinition(AzuriteFixture.CollectionName)]
public sealed class AzuriteCollectionDefinition : ICollectionFixture<AzuriteFixture>;
