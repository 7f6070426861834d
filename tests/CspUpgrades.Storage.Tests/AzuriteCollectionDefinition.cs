using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests;

[CollectionDefinition(AzuriteFixture.CollectionName)]
public sealed class AzuriteCollectionDefinition : ICollectionFixture<AzuriteFixture>;
