using Azure;
using CspUpgrades.Storage.Connection;
using CspUpgrades.Storage.Diagnostics;
using CspUpgrades.Storage.Tables;
using CspUpgrades.Storage.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests.Tables;

[Collection(AzuriteFixture.CollectionName)]
public sealed class TableClientTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AMissingEntityIsNoValueNotAnException()
    {
        var table = await azurite.NewTableAsync("missing");

        var response = await table.GetEntityIfExistsAsync("p", "nobody");

        Assert.False(response.HasValue);
        Assert.Equal(404, response.GetRawResponse().Status);
        Assert.Throws<InvalidOperationException>(() => response.Value);
    }

    [Fact]
    public async Task AMissingTableIsAnException()
    {
        var table = new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("nosuchtable"), TestClients.Options());

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityIfExistsAsync("p", "r"));

        Assert.Equal((404, "TableNotFound"), (error.Status, error.ErrorCode));
    }

    [Fact]
    public async Task CreateIfNotExistsAndDeleteSayWhetherTheyDidSomething()
    {
        var table = new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("lifecycle"), TestClients.Options());

        Assert.True(await table.CreateIfNotExistsAsync());
        Assert.False(await table.CreateIfNotExistsAsync());
        Assert.True(await table.DeleteAsync());
        Assert.False(await table.DeleteAsync());
    }

    [Fact]
    public async Task DeletingAMissingEntityReturnsFalse()
    {
        var table = await azurite.NewTableAsync("deletemissing");
        await table.AddEntityAsync(new TableEntity("p", "r"));

        Assert.True(await table.DeleteEntityAsync("p", "r"));
        Assert.False(await table.DeleteEntityAsync("p", "r"));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\tb")]
    [InlineData("a\u007fb")]
    public async Task ForbiddenKeyCharactersAreRefusedBeforeSending(string key)
    {
        var table = await azurite.NewTableAsync("badkeys");

        using var scope = StorageRequestCounter.BeginScope();
        await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity(key, "r")));
        await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity("p", key)));
        await Assert.ThrowsAsync<ArgumentException>(() => table.GetEntityIfExistsAsync("p", key));
        await Assert.ThrowsAsync<ArgumentException>(() => table.DeleteEntityAsync(key, "r"));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync([new(TableTransactionActionType.Add, new TableEntity("p", key))]));

        Assert.Equal(0, scope.Attempts);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1abc")]
    [InlineData("has-hyphen")]
    public void InvalidTableNamesAreRefused(string name) =>
        Assert.Throws<ArgumentException>(() => new TableClient(azurite.ConnectionString, name));

    [Fact]
    public async Task ErrorsNameStatusAndCodeButNeverTheKey()
    {
        var table = await azurite.NewTableAsync("errors");
        await table.AddEntityAsync(new TableEntity("p", "r"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Contains("EntityAlreadyExists", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteFixture.AccountKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SharedKey", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongKeyFailsWith403AndTheMessageHoldsNeitherKey()
    {
        const string wrongKey = "d3Jvbmcga2V5IHdyb25nIGtleSB3cm9uZyBrZXkgd3Jvbmcga2V5IHdyb25nIGtleSB3cm9uZyBrZXk=";
        var connection = StorageConnection.Parse(azurite.ConnectionString.Replace(AzuriteFixture.AccountKey, wrongKey, StringComparison.Ordinal));
        var table = new TableClient(connection, AzuriteFixture.UniqueName("wrongkey"), TestClients.Options());

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.CreateIfNotExistsAsync());

        Assert.Equal((403, "AuthorizationFailure"), (error.Status, error.ErrorCode));
        Assert.DoesNotContain(wrongKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteFixture.AccountKey, error.ToString(), StringComparison.Ordinal);
    }
}
