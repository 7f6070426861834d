using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Operator.Tests;

/// <summary><c>partner-tenant add | list | remove</c>: which partner an Entra ID tenant's access tokens act for.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class PartnerTenantCommandsTests(AzuriteFixture azurite)
{
    private const string Timestamp = @"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z";

    [Fact]
    public async Task ATenantIsAddedListedAndRemoved()
    {
        using var console = OperatorConsole.WithEnvironment(azurite);
        var tenant = Guid.NewGuid().ToString("D");
        var other = Guid.NewGuid().ToString("D");

        var added = await console.RunAsync("partner-tenant", "add", "--partner", "contoso-partner", "--tenant", tenant);
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Equal([$"Tenant {tenant} is mapped to partner contoso-partner: its Entra ID access tokens act for that partner."], added.Output);
        Assert.Equal(0, (await console.RunAsync("partner-tenant", "add", "--tenant", other, "--partner", "fabrikam-partner")).ExitCode);

        var listed = await console.RunAsync("partner-tenant", "list", "--partner", "contoso-partner");
        Assert.Matches($"^{tenant}  partner contoso-partner  added {Timestamp}$", Assert.Single(listed.Output));
        var all = await console.RunAsync("partner-tenant", "list");
        Assert.Equal(2, all.Output.Count);

        var removed = await console.RunAsync("partner-tenant", "remove", "--partner", "contoso-partner", "--tenant", tenant);
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Equal([$"Removed tenant {tenant} from partner contoso-partner. Instances stop accepting its tokens within Entra:TenantCacheDuration."], removed.Output);
        Assert.Empty((await console.RunAsync("partner-tenant", "list", "--partner", "contoso-partner")).Output);
    }

    [Fact]
    public async Task ATenantBelongsToOnePartnerAndOnlyItsPartnerCanRemoveIt()
    {
        using var console = OperatorConsole.WithEnvironment(azurite);
        var tenant = Guid.NewGuid().ToString("D");
        Assert.Equal(0, (await console.RunAsync("partner-tenant", "add", "--partner", "contoso-partner", "--tenant", tenant)).ExitCode);

        var taken = await console.RunAsync("partner-tenant", "add", "--partner", "intruder-partner", "--tenant", tenant);
        var wrongRemoval = await console.RunAsync("partner-tenant", "remove", "--partner", "intruder-partner", "--tenant", tenant);
        var again = await console.RunAsync("partner-tenant", "add", "--partner", "contoso-partner", "--tenant", tenant);

        Assert.Equal(1, taken.ExitCode);
        Assert.Equal([$"Tenant {tenant} is already mapped to partner contoso-partner; remove it there first."], taken.Output);
        Assert.Equal(1, wrongRemoval.ExitCode);
        Assert.Equal([$"Tenant {tenant} is not mapped to partner intruder-partner."], wrongRemoval.Output);
        Assert.Equal(0, again.ExitCode); // adding what already holds is done
        Assert.Matches($"^{tenant}  partner contoso-partner  added ", Assert.Single((await console.RunAsync("partner-tenant", "list", "--partner", "contoso-partner")).Output));
    }
}
