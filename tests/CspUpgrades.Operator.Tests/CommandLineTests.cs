using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Operator.Tests;

/// <summary>How the console reads its command line and finds the storage account.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class CommandLineTests(AzuriteFixture azurite)
{
    private const string Usage =
        "Usage: partner-key create --partner <id> [--description <text>] | partner-key list --partner <id> | partner-key revoke --key-id <id> | seed-demo";

    [Theory]
    [InlineData("")]
    [InlineData("frobnicate")]
    [InlineData("partner-key")]
    [InlineData("partner-key create --description no-partner")]
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

    [Fact]
    public async Task ReadsTheStorageSettingsFromLocalSettingsJsonInItsWorkingDirectoryAsTheAppDoes()
    {
        using var console = OperatorConsole.WithLocalSettings(azurite);

        var listed = await console.RunAsync("partner-key", "list", "--partner", "contoso-partner");

        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.StartsWith($"Storage: {AzuriteFixture.AccountName} (table {console.TableName} at ", Assert.Single(listed.Error), StringComparison.Ordinal);
    }
}
