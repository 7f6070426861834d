using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Operator.Tests;

[CollectionDefinition(AzuriteFixture.CollectionName)]
public sealed class AzuriteCollectionDefinition : ICollectionFixture<AzuriteFixture>;
