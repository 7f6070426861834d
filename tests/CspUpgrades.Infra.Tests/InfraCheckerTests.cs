using CspUpgrades.Infra.Tests.Checking;
using CspUpgrades.Infra.Tests.Support;

namespace CspUpgrades.Infra.Tests;

/// <summary>The real infra/, local.settings.sample.json and docs/DEPLOY.md agree with the code.</summary>
public class InfraCheckerTests
{
    [Fact]
    public void TheRepositoryHasNoProblem()
    {
        var problems = InfraChecker.Check(Repository.Root);

        Assert.True(problems.Count == 0, "Problems:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void TheFunctionAppSetsExactlyTheRequiredSettingsAndTheOptionalOnesItChose()
    {
        var templates = BicepTemplates.Load(Repository.PathOf(InfraChecker.InfraFolder));
        var site = templates.Files.SelectMany(f => f.ResourcesOfType("Microsoft.Web/sites")).Single();

        var names = InfraChecker.AppSettingsOf(site).Select(s => s.Name).Order(StringComparer.Ordinal);

        // Optional settings left out on purpose (their defaults are right in Azure): Webhooks__MaxBodyBytes,
        // Catalog__Path, AzureWebJobsStorage__tableServiceUri/__queueServiceUri (the account name suffices).
        Assert.Equal(
            [
                "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "APPLICATIONINSIGHTS_CONNECTION_STRING", "AuditSchedule",
                "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__clientId", "AzureWebJobsStorage__credential",
                "Security__ApiKeyCacheDuration", "Storage__TableName", "StuckOperationSweepSchedule", "Webhooks__PreviousSecret",
                "Webhooks__Secret",
            ],
            names);
    }

    [Fact]
    public void MainParametersGiveOnlyParametersMainDeclares()
    {
        var templates = BicepTemplates.Load(Repository.PathOf(InfraChecker.InfraFolder));

        Assert.All(templates.ParameterValues.Keys, name => Assert.True(templates.Main.Params.ContainsKey(name), name));
    }

    [Fact]
    public void SecretsAreNeverGivenInTheParametersFile()
    {
        var templates = BicepTemplates.Load(Repository.PathOf(InfraChecker.InfraFolder));

        Assert.DoesNotContain("webhookSecret", templates.ParameterValues.Keys);
        Assert.DoesNotContain("webhookPreviousSecret", templates.ParameterValues.Keys);
    }
}
