using CspUpgrades.Infra.Tests.Checking;
using CspUpgrades.Infra.Tests.Support;

namespace CspUpgrades.Infra.Tests;

/// <summary>
/// Each check can fail: a copy of the real files with one thing broken makes the checker report exactly
/// that problem and nothing else.
/// </summary>
public class InfraMutationTests
{
    private const string Main = "infra/main.bicep";
    private const string FunctionApp = "infra/app/function-app.bicep";
    private const string Rbac = "infra/app/rbac.bicep";
    private const string Storage = "infra/app/storage.bicep";
    private const string Parameters = "infra/main.parameters.json";
    private const string Sample = "local.settings.sample.json";

    private const string FirstAppSetting = "      appSettings: [\n";

    [Fact]
    public void DroppingASettingTheAppNeedsIsReported() =>
        AssertOnly(InfraRule.MissingAppSetting, "AuditSchedule", copy => copy.Remove(FunctionApp, """
                    {
                      name: 'AuditSchedule'
                      value: auditSchedule
                    }

            """));

    [Fact]
    public void ACommentedOutSettingIsNotSet() =>
        AssertOnly(InfraRule.MissingAppSetting, "Webhooks__Secret", copy => copy.Replace(FunctionApp, """
                    {
                      name: 'Webhooks__Secret'
                      value: '@Microsoft.KeyVault(SecretUri=${webhookSecretUri})'
                    }
            """, """
                    // {
                    //   name: 'Webhooks__Secret'
                    //   value: '@Microsoft.KeyVault(SecretUri=${webhookSecretUri})'
                    // }
            """));

    [Fact]
    public void DroppingASettingTheHostNeedsIsReported() =>
        AssertOnly(InfraRule.MissingAppSetting, "APPLICATIONINSIGHTS_CONNECTION_STRING", copy => copy.Remove(FunctionApp, """
                    {
                      name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
                      value: applicationInsights.properties.ConnectionString
                    }

            """));

    [Fact]
    public void ASettingNobodyReadsIsReported() =>
        AssertOnly(InfraRule.UnreadAppSetting, "Webhook__Secret", copy => AddSetting(copy, "Webhook__Secret", "'misspelt'"));

    [Fact]
    public void TheWorkerRuntimeSettingIsReportedAsDeprecatedOnFlexConsumption()
    {
        using var copy = AddSetting(new MutableCopy(), "FUNCTIONS_WORKER_RUNTIME", "'dotnet-isolated'");

        var problem = Assert.Single(InfraChecker.Check(copy.Root));

        Assert.Equal((InfraRule.UnreadAppSetting, "FUNCTIONS_WORKER_RUNTIME"), (problem.Rule, problem.Subject));
        Assert.Contains("Flex Consumption", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Testing__CrashAtUpgradeStep", "'Commit'")]
    [InlineData("AzureWebJobsStorage", "'UseDevelopmentStorage=true'")]
    public void ASettingTheAppReadsOnlyLocallyOrInTestsIsReported(string name, string value) =>
        AssertOnly(InfraRule.SettingNotForAzure, name, copy => AddSetting(copy, name, value));

    [Fact]
    public void ASettingSetTwiceIsReported() =>
        AssertOnly(InfraRule.DuplicateAppSetting, "AuditSchedule", copy => AddSetting(copy, "AuditSchedule", "'0 0 3 * * *'"));

    [Fact]
    public void AStorageCredentialOtherThanTheManagedIdentityIsReported() =>
        AssertOnly(InfraRule.AppSettingValue, "AzureWebJobsStorage__credential",
            copy => copy.Replace(FunctionApp, "name: 'AzureWebJobsStorage__credential'\n          value: 'managedidentity'",
                "name: 'AzureWebJobsStorage__credential'\n          value: 'connectionstring'"));

    [Fact]
    public void AStorageClientIdOtherThanTheIdentitysIsReported() =>
        AssertOnly(InfraRule.AppSettingValue, "AzureWebJobsStorage__clientId", copy => copy.Replace(FunctionApp,
            "name: 'AzureWebJobsStorage__clientId'\n          value: identityClientId",
            "name: 'AzureWebJobsStorage__clientId'\n          value: '00000000-0000-0000-0000-000000000000'"));

    [Fact]
    public void ATableSettingThatNamesATableTheTemplatesDoNotCreateIsReported() =>
        AssertOnly(InfraRule.AppSettingValue, "Storage__TableName", copy => copy.Replace(FunctionApp, "value: tableName", "value: 'upgrades'"));

    [Fact]
    public void AnAuditScheduleTheHostCannotParseIsReportedThroughTheParametersFile() =>
        AssertOnly(InfraRule.AppSettingValue, "AuditSchedule", copy => copy.Replace(Parameters, "\"0 0 2 * * *\"", "\"0 2 * * *\""));

    [Fact]
    public void AWebhookSecretThatIsNotAKeyVaultReferenceIsReported() =>
        AssertOnly(InfraRule.AppSettingValue, "Webhooks__Secret", copy => copy.Replace(FunctionApp,
            "value: '@Microsoft.KeyVault(SecretUri=${webhookSecretUri})'\n", "value: webhookSecretUri\n"));

    [Fact]
    public void KeyVaultReferencesWithoutTheUserAssignedIdentityAreReported() =>
        AssertOnly(InfraRule.AppSettingValue, "keyVaultReferenceIdentity",
            copy => copy.Remove(FunctionApp, "    keyVaultReferenceIdentity: identityId\n"));

    [Theory]
    [InlineData("version: '10.0'", "version: '9.0'")]
    [InlineData("name: 'dotnet-isolated'", "name: 'custom'")]
    public void ARuntimeOtherThanTheAppsIsolatedWorkerIsReported(string original, string replacement) =>
        AssertOnly(InfraRule.Runtime, "functionAppConfig.runtime", copy => copy.Replace(FunctionApp, original, replacement));

    [Fact]
    public void APlanOtherThanFlexConsumptionIsReported() =>
        AssertOnly(InfraRule.Plan, "sku", copy => copy.Replace(FunctionApp, "name: 'FC1'", "name: 'Y1'"));

    [Fact]
    public void ADeploymentContainerReachedWithoutTheIdentityIsReported() =>
        AssertOnly(InfraRule.DeploymentStorage, "functionAppConfig.deployment.storage",
            copy => copy.Replace(FunctionApp, "type: 'UserAssignedIdentity'", "type: 'StorageAccountConnectionString'"));

    [Fact]
    public void DroppingARoleAssignmentIsReportedEvenThoughTheOperatorHasThatRole() =>
        AssertOnly(InfraRule.MissingRole, "Storage Queue Data Contributor", copy => copy.RemoveParagraph(Rbac,
            "resource appQueueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {"));

    [Fact]
    public void ARoleOnTheWrongScopeIsReported() =>
        AssertOnly(InfraRule.MissingRole, "Monitoring Metrics Publisher", copy => copy.Replace(Rbac,
            "monitoringMetricsPublisher)\n  scope: applicationInsights", "monitoringMetricsPublisher)\n  scope: storage"));

    [Fact]
    public void ARoleGrantedToSomeoneElseIsReported() =>
        AssertOnly(InfraRule.MissingRole, "Storage Table Data Contributor", copy => copy.Replace(Rbac,
            "storageTableDataContributor)\n    principalId: identityPrincipalId", "storageTableDataContributor)\n    principalId: operatorPrincipalId"));

    [Fact]
    public void ARoleGrantedOnlyConditionallyIsReported() =>
        AssertOnly(InfraRule.MissingRole, "Key Vault Secrets User", copy => copy.Replace(Rbac,
            "resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {",
            "resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(keyVaultName)) {"));

    [Fact]
    public void AWrongRoleDefinitionIsReported() =>
        AssertOnly(InfraRule.MissingRole, "Storage Blob Data Owner", copy => copy.Replace(Rbac,
            "'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'", "'ba92f5b4-2d11-453d-a403-e96b0029c9fe'"));

    [Fact]
    public void ARenamedQueueIsReported() =>
        AssertOnly(InfraRule.QueueName, "upgrade-requests", copy => copy.Replace(Storage, "name: 'upgrade-requests'\n", "name: 'upgrade-request'\n"));

    [Fact]
    public void AMissingPoisonQueueIsReported() =>
        AssertOnly(InfraRule.QueueName, "upgrade-requests-poison", copy => copy.RemoveParagraph(Storage,
            "resource upgradePoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {"));

    [Fact]
    public void ATableOtherThanTheDefaultIsReportedThroughTheParametersFile() =>
        AssertOnly(InfraRule.TableName, "cspupgrades", copy => copy.Replace(Parameters, "\"cspupgrades\"", "\"upgrades\""));

    [Theory]
    [InlineData("allowSharedKeyAccess: false", "allowSharedKeyAccess: true", "allowSharedKeyAccess")]
    [InlineData("    allowSharedKeyAccess: false\n", "", "allowSharedKeyAccess")]
    [InlineData("allowBlobPublicAccess: false", "allowBlobPublicAccess: true", "allowBlobPublicAccess")]
    [InlineData("minimumTlsVersion: 'TLS1_2'", "minimumTlsVersion: 'TLS1_0'", "minimumTlsVersion")]
    public void AWeakerStorageAccountIsReported(string original, string replacement, string property) =>
        AssertOnly(InfraRule.StorageSecurity, property, copy => copy.Replace(Storage, original, replacement));

    [Fact]
    public void AModuleMainNeverDeploysIsReported() =>
        AssertOnly(InfraRule.UnusedModule, "app/extra.bicep", copy => copy.Write("infra/app/extra.bicep", "param name string\n"));

    [Fact]
    public void AnAppSettingWhoseNameIsNotALiteralIsReportedAsUnreadable() =>
        AssertOnly(InfraRule.Unreadable, "appSettings", copy => copy.Replace(FunctionApp, "name: 'Storage__TableName'", "name: tableName"));

    [Fact]
    public void ATemplateTheCompilerRefusesIsReportedWithTheCompilersError() =>
        AssertOnly(InfraRule.Compile, "main.bicep", copy => copy.Replace(Main, "'./app/identity.bicep'", "'./app/identities.bicep'"));

    [Fact]
    public void ASampleMissingASettingALocalRunUsesIsReported() =>
        AssertOnly(InfraRule.LocalSettingsSample, "Storage__TableName", copy => copy.Remove(Sample, "    \"Storage__TableName\": \"cspupgrades\",\n"));

    [Theory]
    [InlineData("Testing__CrashAtUpgradeStep")]
    [InlineData("AzureWebJobsStorage__accountName")]
    [InlineData("Storage__TableNmae")]
    public void ASampleListingASettingALocalRunDoesNotUseIsReported(string name) =>
        AssertOnly(InfraRule.LocalSettingsSample, name, copy => copy.Replace(Sample, "  \"Values\": {\n", $"  \"Values\": {{\n    \"{name}\": \"x\",\n"));

    [Fact]
    public void AGuideThatNeverNamesARequiredSettingIsReported() =>
        AssertOnly(InfraRule.DeployGuide, "AuditSchedule", copy => copy.ReplaceEverywhere(InfraChecker.DeployGuide, "AuditSchedule", "audit schedule"));

    private static MutableCopy AddSetting(MutableCopy copy, string name, string value) =>
        copy.Replace(FunctionApp, FirstAppSetting, $"{FirstAppSetting}        {{\n          name: '{name}'\n          value: {value}\n        }}\n");

    private static void AssertOnly(InfraRule rule, string subject, Action<MutableCopy> mutate)
    {
        using var copy = new MutableCopy();
        mutate(copy);

        var problems = InfraChecker.Check(copy.Root);

        Assert.True(problems.Count == 1 && problems[0].Rule == rule && problems[0].Subject == subject,
            $"Expected only {rule} {subject}, got:\n" + string.Join("\n", problems));
    }
}
