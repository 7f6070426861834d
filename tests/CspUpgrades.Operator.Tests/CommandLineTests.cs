using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Operator.Tests;

/// <summary>How the console reads its command line and finds the storage account.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class CommandLineTests(AzuriteFixture azurite)
{
    private const string Usage =
        "Usage: partner-key create --partner <id> [--scope read|write] [--description <text>] | partner-key list --partner <id> | partner-key revoke --key-id <id> | " +
        "partner-tenant add|remove --partner <id> --tenant <guid> | partner-tenant list [--partner <id>] | seed-demo";

    private const string NoStorageConfigured =
        "No storage account configured: set AzureWebJobsStorage (e.g. AzureWebJobsStorage=UseDevelopmentStorage=true for the Azurite ./run.sh starts), " +
        "or AzureWebJobsStorage__accountName with AzureWebJobsStorage__credential=managedidentity, in the environment or a local.settings.json in the working directory.";

    [Theory]
    [InlineData("")]
    [InlineData("frobnicate")]
    [InlineData("partner-key")]
    [InlineData("partner-key create --description no-partner")]
    [InlineData("partner-key create --partner demo-partner --scope admin")]
    [InlineData("partner-key create --partner demo-partner --scope")]
    [InlineData("partner-key create --partner demo-partner --scope read --scope write")]
    [InlineData("partner-key create --partner demo-partner --colour blue")]
    [InlineData("partner-tenant add --partner demo-partner")]
    [InlineData("partner-tenant add --partner demo-partner --tenant not-a-guid")]
    [InlineData("partner-tenant add --tenant 72f988bf-86f1-41af-91ab-2d7cd011db47")]
    [InlineData("partner-tenant remove --partner demo|partner --tenant 72f988bf-86f1-41af-91ab-2d7cd011db47")]
    [InlineData("partner-tenant list --tenant 72f988bf-86f1-41af-91ab-2d7cd011db47")]
    [InlineData("partner-key list --partner contoso|partner")]
    [InlineData("seed-demo now")]
    public async Task AnythingButACommandPrintsTheUsageAndExitsWithTwoWithoutTouchingStorage(string commandLine)
    {
        using var console = OperatorConsole.WithoutStorage();

        var run = await console.RunAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Empty(run.Output);
        Assert.Equal([Usage], run.Error);
    }

    [Theory]
    [InlineData("partner-key create --partner demo-partner")]
    [InlineData("partner-key list --partner demo-partner")]
    [InlineData("partner-key revoke --key-id 0123456789abcdef")]
    [InlineData("seed-demo")]
    public async Task WithoutAStorageSettingACommandNamesTheSettingAndHowToSetItAndExitsWithTwo(string commandLine)
    {
        using var console = OperatorConsole.WithoutStorage();

        var run = await console.RunAsync(commandLine.Split(' '));

        // Never a storage account of its own choosing (not even Azurite's): the operator says which one.
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Empty(run.Output);
        Assert.Equal([NoStorageConfigured], run.Error);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage", "not-a-connection-string", "Connection string doesn't have value for keyword 'not-a-connection-string'.")]
    [InlineData("AzureWebJobsStorage__accountName", "two words", "AzureWebJobsStorage__accountName must give an absolute http(s) URL.")]
    public async Task AStorageSettingThatCannotBeUsedIsOneLineAndExitsWithTwo(string setting, string value, string reason)
    {
        using var console = OperatorConsole.WithSetting(setting, value);

        var run = await console.RunAsync("partner-key", "list", "--partner", "contoso-partner");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Empty(run.Output);
        Assert.Equal([$"Storage settings not usable: {reason}"], run.Error);
    }

    [Fact]
    public async Task StorageThatCannotBeReachedIsOneLineAfterTheAccountNotAStackTraceAndExitsWithThree()
    {
        using var console = OperatorConsole.WithUnreachableStorage();

        var run = await console.RunAsync("partner-key", "list", "--partner", "contoso-partner");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Empty(run.Output);
        Assert.Equal(2, run.Error.Count);
        Assert.StartsWith($"Storage: {AzuriteFixture.AccountName} (table {console.TableName} at http://127.0.0.1:", run.Error[0], StringComparison.Ordinal);
        Assert.Matches(@"^Storage could not be used: Connection refused \(127\.0\.0\.1:\d+\) \(6 tries\)$", run.Error[1]);
    }

    [Fact]
    public async Task ReadsTheStorageSettingsFromLocalSettingsJsonInItsWorkingDirectoryAsTheAppDoes()
    {
        using var console = OperatorConsole.WithLocalSettings(azurite);

        var listed = await console.RunAsync("partner-key", "list", "--partner", "contoso-partner");

        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.StartsWith($"Storage: {AzuriteFixture.AccountName} (table {console.TableName} at ", Assert.Single(listed.Error), StringComparison.Ordinal);
    }
}
