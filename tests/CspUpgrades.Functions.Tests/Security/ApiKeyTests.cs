using CspUpgrades.Storage.Partners;

namespace CspUpgrades.Functions.Tests.Security;

public class ApiKeyTests
{
    [Fact]
    public void AGeneratedKeyParsesBackAndMatchesItsOwnHash()
    {
        var key = ApiKey.Generate();

        Assert.True(ApiKey.TryParse(key.Reveal(), out var parsed));
        Assert.Equal(key, parsed);
        Assert.True(parsed.Matches(key.SecretHash));
    }

    [Fact]
    public void AKeyDoesNotMatchAnotherKeysHash() =>
        Assert.False(ApiKey.Generate().Matches(ApiKey.Generate().SecretHash));

    [Fact]
    public void TheHashIsNotTheSecret()
    {
        var key = ApiKey.Generate();
        Assert.DoesNotContain(key.Secret, key.SecretHash, StringComparison.Ordinal);
    }

    [Fact]
    public void ToStringRedactsTheSecret()
    {
        var key = ApiKey.Generate();
        Assert.DoesNotContain(key.Secret, key.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key.Secret, $"{key}", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("csp_")]
    [InlineData("csp_0123456789abcdef")]
    [InlineData("csp_0123456789abcdef_short")]
    [InlineData("csp_0123456789ABCDEF_abcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("xyz_0123456789abcdef_abcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("csp_0123' or 1 eq 1_abcdefghijklmnopqrstuvwxyz0123456789")]
    public void RejectsMalformedKeys(string? text) => Assert.False(ApiKey.TryParse(text, out _));
}
