using CspUpgrades.Infra.Tests.Checking;
using CspUpgrades.Infra.Tests.Support;

namespace CspUpgrades.Infra.Tests;

/// <summary>How the checks read infra/ once the Bicep compiler has built it.</summary>
public class CompiledInfraTests
{
    [Fact]
    public void EveryModuleIsMatchedToTheFileItWasCompiledFrom()
    {
        var infra = RepositoryInfra.Compiled;

        Assert.Equal(infra.SourceFiles, infra.Templates.Select(t => t.SourceFile).Order(StringComparer.Ordinal));
        Assert.Equal("app/function-app.bicep", infra.ResourcesOfType("Microsoft.Web/sites").Single().Template.SourceFile);
    }

    [Fact]
    public void AValueFollowsTheDeploymentsParametersToTheParametersFile()
    {
        var infra = RepositoryInfra.Compiled;
        var site = infra.ResourcesOfType("Microsoft.Web/sites").Single();
        var setting = InfraChecker.AppSettingsOf(site).Single(s => s.Name == "AuditSchedule").Value;

        Assert.Equal("[parameters('auditSchedule')]", setting.GetString());
        Assert.Equal("0 0 2 * * *", infra.ResolveString(site.Template, setting));
    }

    [Fact]
    public void AParameterTheParametersFileDoesNotGiveTakesItsDefault()
    {
        using var copy = new MutableCopy().Replace("infra/main.parameters.json", "\"0 0 2 * * *\"", "\"0 0 4 * * *\"")
            .Replace("infra/main.bicep", "param auditSchedule string = '0 0 2 * * *'", "param auditSchedule string = '0 0 3 * * *'")
            .Replace("infra/main.parameters.json", "    \"auditSchedule\": {\n      \"value\": \"0 0 4 * * *\"\n    },\n", "");
        var infra = CompiledInfra.Build(Path.Combine(copy.Root, InfraChecker.InfraFolder));
        var site = infra.ResourcesOfType("Microsoft.Web/sites").Single();

        Assert.Equal("0 0 3 * * *", infra.ResolveString(site.Template, InfraChecker.AppSettingsOf(site).Single(s => s.Name == "AuditSchedule").Value));
    }

    [Fact]
    public void WhatOnlyTheDeploymentKnowsStaysAnExpressionOfTheTemplateThatComputesIt()
    {
        var infra = RepositoryInfra.Compiled;
        var site = infra.ResourcesOfType("Microsoft.Web/sites").Single();
        var identity = infra.DeploymentOf("Microsoft.ManagedIdentity/userAssignedIdentities")!;
        var clientId = infra.Resolve(site.Template, InfraChecker.AppSettingsOf(site).Single(s => s.Name == "AzureWebJobsStorage__clientId").Value);

        Assert.Null(clientId.Known);
        Assert.Same(infra.Main, clientId.Template);
        Assert.True(clientId.IsOutputOf(identity, "clientId"), clientId.ToString());
        Assert.False(clientId.IsOutputOf(identity, "principalId"));
    }

    [Fact]
    public void AConditionalResourceKeepsItsCondition()
    {
        var operatorRoles = RepositoryInfra.Compiled.ResourcesOfType("Microsoft.Authorization/roleAssignments").Where(r => r.Condition is not null);

        Assert.Equal(2, operatorRoles.Count());
        Assert.All(operatorRoles, r => Assert.Equal("[not(empty(parameters('operatorPrincipalId')))]", r.Condition));
    }
}
