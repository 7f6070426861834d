using CspUpgrades.Infra.Tests.Checking;

namespace CspUpgrades.Infra.Tests.Support;

/// <summary>The repository's own infra/, compiled once for every test that only reads it.</summary>
public static class RepositoryInfra
{
    private static readonly Lazy<CompiledInfra> Lazy = new(() => CompiledInfra.Build(Repository.PathOf(InfraChecker.InfraFolder)));

    public static CompiledInfra Compiled => Lazy.Value;
}
