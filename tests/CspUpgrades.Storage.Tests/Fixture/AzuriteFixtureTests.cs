using Azure.Data.Tables;
using Azure.Storage.Queues;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests.Fixture;

public sealed class AzuriteFixtureTests
{
    [Fact]
    public async Task AMissingAzuriteFailsNamingTheFix()
    {
        var emptyRoot = Directory.CreateTempSubdirectory("no-azurite-").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new AzuriteFixture(emptyRoot, "node").InitializeAsync());

            Assert.Contains("npm ci", error.Message, StringComparison.Ordinal);
            Assert.Contains("./test.sh", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(emptyRoot, recursive: true);
        }
    }

    [Fact]
    public async Task AMissingNodeFailsNamingTheFix()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Functions.sln")))
        {
            root = root.Parent!;
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new AzuriteFixture(root.FullName, "node-that-is-not-installed").InitializeAsync());

        Assert.Contains("Node.js", error.Message, StringComparison.Ordinal);
        Assert.Contains("npm ci", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("claims")]
    [InlineData("Weird_Prefix-1")]
    [InlineData("9lives")]
    [InlineData("a-very-long-prefix-that-goes-on-and-on-and-on-and-on-and-on-and-on")]
    public void UniqueNamesAreValidTableAndQueueNames(string prefix)
    {
        var name = AzuriteFixture.UniqueName(prefix);

        _ = new TableClient("UseDevelopmentStorage=true", name);
        _ = new QueueClient("UseDevelopmentStorage=true", name);
        Assert.NotEqual(name, AzuriteFixture.UniqueName(prefix));
    }
}
