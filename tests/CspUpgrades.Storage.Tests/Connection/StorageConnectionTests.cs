using CspUpgrades.Storage.Connection;
using CspUpgrades.Storage.Tests.Support;

namespace CspUpgrades.Storage.Tests.Connection;

public sealed class StorageConnectionTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public void DevelopmentStorageMeansAzuriteOnItsDefaultPorts()
    {
        var connection = StorageConnection.Parse("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", connection.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), connection.TableEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), connection.QueueEndpoint);
        Assert.NotNull(connection.SharedKey);
    }

    [Fact]
    public void ExplicitEndpointsWin()
    {
        var connection = StorageConnection.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};" +
            "TableEndpoint=http://127.0.0.1:33981/devstoreaccount1/;QueueEndpoint=http://127.0.0.1:33982/devstoreaccount1;BlobEndpoint=http://127.0.0.1:1/x");

        Assert.Equal(new Uri("http://127.0.0.1:33981/devstoreaccount1"), connection.TableEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:33982/devstoreaccount1"), connection.QueueEndpoint);
        Assert.Equal("devstoreaccount1", connection.AccountName);
    }

    [Fact]
    public void AccountAndSuffixGiveThePublicEndpoints()
    {
        var connection = StorageConnection.Parse($"DefaultEndpointsProtocol=https;AccountName=cspupgrades;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri("https://cspupgrades.table.core.chinacloudapi.cn"), connection.TableEndpoint);
        Assert.Equal(new Uri("https://cspupgrades.queue.core.chinacloudapi.cn"), connection.QueueEndpoint);
    }

    [Fact]
    public void KeysAreCaseInsensitiveAndOrderFree()
    {
        var connection = StorageConnection.Parse($" accountkey={Key} ; ACCOUNTNAME=acct ;");

        Assert.Equal(new Uri("https://acct.table.core.windows.net"), connection.TableEndpoint);
    }

    [Theory]
    [InlineData("AccountName=acct")]
    [InlineData("AccountKey=" + Key)]
    [InlineData("AccountName=acct;AccountKey=" + Key + ";SharedAccessSignature=sv=2020&sig=abc")]
    [InlineData("AccountName=acct;AccountKey=not*base64!")]
    [InlineData("AccountName=acct;AccountKey=" + Key + ";TableEndpoint=ftp://x")]
    [InlineData("AccountName=acct;" + Key)]
    public void BadConnectionStringsFailWithoutEchoingSecrets(string connectionString)
    {
        var error = Assert.Throws<ArgumentException>(() => StorageConnection.Parse(connectionString));

        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=abc", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not*base64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TokenCredentialEndpointsNameTheirAccount()
    {
        var credential = new FakeCredential();

        var byName = StorageConnection.FromCredential("cspupgrades", credential);
        var byUri = StorageConnection.FromCredential(new Uri("https://other.table.core.windows.net/"), new Uri("https://other.queue.core.windows.net"), credential);

        Assert.Equal(("cspupgrades", new Uri("https://cspupgrades.table.core.windows.net")), (byName.AccountName, byName.TableEndpoint));
        Assert.Equal(new Uri("https://cspupgrades.queue.core.windows.net"), byName.QueueEndpoint);
        Assert.Equal("other", byUri.AccountName);
        Assert.Null(byUri.SharedKey);
        Assert.Same(credential, byUri.Credential);
    }

    [Fact]
    public void ToStringNeverShowsTheKey() =>
        Assert.DoesNotContain(Key, StorageConnection.Parse($"AccountName=acct;AccountKey={Key}").ToString(), StringComparison.Ordinal);
}
