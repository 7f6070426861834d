using CspUpgrades.Storage.Partners;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Operator.Tests;

/// <summary><c>partner-key create | list | revoke</c>: what docs/API.md and docs/DEPLOY.md tell an operator to run.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class PartnerKeyCommandsTests(AzuriteFixture azurite)
{
    private const string Timestamp = @"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z";

    [Fact]
    public async Task CreateShowsTheKeyOnceListShowsItAndRevokeRevokesIt()
    {
        using var console = OperatorConsole.WithEnvironment(azurite);
        Assert.Equal(0, (await console.RunAsync("partner-key", "create", "--partner", "other-partner")).ExitCode);

        var created = await console.RunAsync("partner-key", "create", "--partner", "contoso-partner", "--description", "CI key");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(2, created.Output.Count);
        Assert.True(ApiKey.TryParse(created.Output[1], out var key), created.ToString());
        Assert.Equal($"Created API key {key.KeyId} (scope write) for partner contoso-partner. It is shown only now; store it safely:", created.Output[0]);
        Assert.StartsWith($"Storage: {AzuriteFixture.AccountName} (table {console.TableName} at ", Assert.Single(created.Error), StringComparison.Ordinal);

        var listed = await console.RunAsync("partner-key", "list", "--partner", "contoso-partner");
        Assert.Equal(0, listed.ExitCode);
        Assert.Matches($"^{key.KeyId}  created {Timestamp}  active  scope write  CI key$", Assert.Single(listed.Output));

        var revoked = await console.RunAsync("partner-key", "revoke", "--key-id", key.KeyId);
        Assert.Equal(0, revoked.ExitCode);
        Assert.Equal([$"Revoked {key.KeyId}. Instances stop accepting it within Security:ApiKeyCacheDuration."], revoked.Output);

        var listedAgain = await console.RunAsync("partner-key", "list", "--partner", "contoso-partner");
        Assert.Matches($"^{key.KeyId}  created {Timestamp}  revoked {Timestamp}  scope write  CI key$", Assert.Single(listedAgain.Output));
    }

    [Fact]
    public async Task AReadOnlyKeyIsCreatedWithScopeReadAndListedSo()
    {
        using var console = OperatorConsole.WithEnvironment(azurite);

        var created = await console.RunAsync("partner-key", "create", "--partner", "reporting-partner", "--scope", "read", "--description", "reports");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.True(ApiKey.TryParse(created.Output[1], out var key), created.ToString());
        Assert.Equal($"Created API key {key.KeyId} (scope read) for partner reporting-partner. It is shown only now; store it safely:", created.Output[0]);
        var listed = await console.RunAsync("partner-key", "list", "--partner", "reporting-partner");
        Assert.Matches($"^{key.KeyId}  created {Timestamp}  active  scope read  reports$", Assert.Single(listed.Output));
    }

    [Fact]
    public async Task RevokingAKeyThatDoesNotExistSaysSoAndExitsWithOne()
    {
        using var console = OperatorConsole.WithEnvironment(azurite);

        var revoked = await console.RunAsync("partner-key", "revoke", "--key-id", "0123456789abcdef");

        Assert.Equal(1, revoked.ExitCode);
        Assert.Equal(["No key 0123456789abcdef."], revoked.Output);
    }
}
