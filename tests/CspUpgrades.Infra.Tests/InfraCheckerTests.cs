using CspUpgrades.Infra.Tests.Checking;
using CspUpgrades.Infra.Tests.Support;

namespace CspUpgrades.Infra.Tests;

/// <summary>The real infra/ (as the Bicep compiler builds it), local.settings.sample.json and docs/DEPLOY.md agree with the code.</summary>
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
        var site = Assert.Single(RepositoryInfra.Compiled.ResourcesOfType("Microsoft.Web/sites"));

        var settings = InfraChecker.AppSettingsOf(site);
        var names = settings.Where(s => s.Condition is null).Select(s => s.Name).Order(StringComparer.Ordinal);

        // Optional settings left out on purpose (their defaults are right in Azure): Webhooks__MaxBodyBytes,
        // Catalog__Path, AzureWebJobsStorage__tableServiceUri/__queueServiceUri (the account name suffices).
        Assert.Equal(
            [
                "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "APPLICATIONINSIGHTS_CONNECTION_STRING", "AuditSchedule",
                "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__clientId", "AzureWebJobsStorage__credential",
                "Entra__Audience", "Entra__ClientId", "Security__ApiKeyCacheDuration", "Storage__TableName", "StuckOperationSweepSchedule", "Webhooks__PreviousSecret",
                "Webhooks__Secret",
            ],
            names);
        // Set only with events on (Service Bus): otherwise the app sees none of them and publishes nothing.
        Assert.Equal(
            [
                ("Events__ServiceBus__FullyQualifiedNamespace", "parameters('publishEvents')"),
                ("Events__ServiceBus__TopicName", "parameters('publishEvents')"),
                ("Events__ServiceBus__Credential", "parameters('publishEvents')"),
                ("Events__ServiceBus__ClientId", "parameters('publishEvents')"),
            ],
            settings.Where(s => s.Condition is not null).Select(s => (s.Name, s.Condition!.Text)));
    }

    [Fact]
    public void MainParametersGiveOnlyParametersMainDeclares()
    {
        var infra = RepositoryInfra.Compiled;

        Assert.All(infra.ParameterValues.Keys, name => Assert.Contains(name, infra.Main.ParameterNames));
    }

    [Fact]
    public void SecretsAreNeverGivenInTheParametersFile()
    {
        var infra = RepositoryInfra.Compiled;

        Assert.Subset(infra.Main.SecureParameterNames.ToHashSet(), new HashSet<string> { "webhookSecret", "webhookPreviousSecret" });
        Assert.All(infra.Main.SecureParameterNames, name => Assert.DoesNotContain(name, infra.ParameterValues.Keys));
    }
}
