using Azure;
using Azure.Data.Tables;
using CspUpgrades.Storage.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests.Tables;

/// <summary>How the official TableClient answers the cases the stores rely on, against Azurite.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class TableClientTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AMissingEntityIsNoValueNotAnException()
    {
        var table = await azurite.NewTableAsync("missing");

        var response = await table.GetEntityIfExistsAsync<TableEntity>("p", "nobody");

        Assert.False(response.HasValue);
        Assert.Equal(404, response.GetRawResponse().Status);
    }

    [Fact]
    public async Task AMissingTableIsAnException()
    {
        var table = new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("nosuchtable"), TestClients.TableOptions());

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.QueryAsync<TableEntity>().ToListAsync());

        Assert.Equal((404, "TableNotFound"), (error.Status, error.ErrorCode));
    }

    [Fact]
    public async Task CreateIfNotExistsAndDeleteAnswerWhatTheyFound()
    {
        var table = new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("lifecycle"), TestClients.TableOptions());

        Assert.Equal(204, (await table.CreateIfNotExistsAsync()).GetRawResponse().Status);
        Assert.Equal(409, (await table.CreateIfNotExistsAsync()).GetRawResponse().Status);
        Assert.Equal(204, (await table.DeleteAsync()).Status);
        Assert.Equal(404, (await table.DeleteAsync()).Status);
    }

    [Fact]
    public async Task DeletingAMissingEntityAnswers404WithoutThrowing()
    {
        var table = await azurite.NewTableAsync("deletemissing");
        await table.AddEntityAsync(new TableEntity("p", "r"));

        Assert.Equal(204, (await table.DeleteEntityAsync("p", "r")).Status);
        Assert.Equal(404, (await table.DeleteEntityAsync("p", "r")).Status);
    }

    [Fact]
    public async Task ErrorsNameStatusAndCodeButNeverTheKey()
    {
        var table = await azurite.NewTableAsync("errors");
        await table.AddEntityAsync(new TableEntity("p", "r"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal((409, "EntityAlreadyExists"), (error.Status, error.ErrorCode));
        Assert.DoesNotContain(AzuriteFixture.AccountKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongKeyFailsWith403AndTheMessageHoldsNeitherKey()
    {
        const string wrongKey = "d3Jvbmcga2V5IHdyb25nIGtleSB3cm9uZyBrZXkgd3Jvbmcga2V5IHdyb25nIGtleSB3cm9uZyBrZXk=";
        var table = new TableClient(
            azurite.ConnectionString.Replace(AzuriteFixture.AccountKey, wrongKey, StringComparison.Ordinal),
            AzuriteFixture.UniqueName("wrongkey"),
            TestClients.TableOptions());

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.CreateIfNotExistsAsync());

        // Azurite's 403 carries its code only in an XML body, which the Tables SDK does not read (it reads the header and OData JSON).
        Assert.Equal(403, error.Status);
        Assert.DoesNotContain(wrongKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteFixture.AccountKey, error.ToString(), StringComparison.Ordinal);
    }
}
