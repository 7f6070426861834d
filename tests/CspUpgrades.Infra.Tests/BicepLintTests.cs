using CspUpgrades.Infra.Tests.Checking;
using CspUpgrades.Infra.Tests.Support;

namespace CspUpgrades.Infra.Tests;

/// <summary><c>bicep lint</c> over every file of infra/, with any warning a failure.</summary>
public class BicepLintTests
{
    [Fact]
    public void TheTemplatesLintWithoutAWarning()
    {
        var run = BicepCli.LintAll(Repository.PathOf(InfraChecker.InfraFolder));

        Assert.True(run.ExitCode == 0 && run.Diagnostics.Count == 0, "bicep lint:\n" + run.Output);
    }

    [Fact]
    public void AnUnusedParameterIsAWarning()
    {
        using var copy = new MutableCopy().Replace("infra/app/storage.bicep", "param tags object\n", "param tags object\nparam unused string = ''\n");

        var diagnostics = BicepCli.LintAll(Path.Combine(copy.Root, InfraChecker.InfraFolder)).Diagnostics;

        Assert.Equal([("app/storage.bicep", "Warning", "no-unused-params")], diagnostics.Select(d => (d.File, d.Level, d.Code)));
    }

    [Fact]
    public void AnOutputThatReadsTheSecureParameterIsAWarning()
    {
        // The output as it was before the linter ran in the tests: it named the secret to test for emptiness.
        using var copy = new MutableCopy().Replace("infra/app/key-vault.bicep",
            "output webhookPreviousSecretUri string = previousSecret.?properties.secretUri ?? ''",
            "output webhookPreviousSecretUri string = empty(webhookPreviousSecret) ? '' : previousSecret.properties.secretUri");

        var diagnostics = BicepCli.LintAll(Path.Combine(copy.Root, InfraChecker.InfraFolder)).Diagnostics;

        Assert.Equal(["BCP318", "outputs-should-not-contain-secrets"], diagnostics.Select(d => d.Code).Order(StringComparer.Ordinal));
        Assert.All(diagnostics, d => Assert.Equal(("app/key-vault.bicep", "Warning"), (d.File, d.Level)));
    }
}
