using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Security;
using CspUpgrades.Functions.Settings;
using CspUpgrades.Storage.Partners;
using Microsoft.Extensions.Options;
using Moq;

namespace CspUpgrades.Functions.Tests.Security;

public class PartnerAuthenticatorTests
{
    private readonly Mock<PartnerApiKeyStore> _store = new();
    private readonly PartnerAuthenticator _authenticator;

    public PartnerAuthenticatorTests() =>
        _authenticator = new PartnerAuthenticator(
            _store.Object, Options.Create(new SecurityOptions { ApiKeyCacheDuration = TimeSpan.FromMinutes(5) }), TimeProvider.System);

    [Fact]
    public async Task AKnownKeyIsLookedUpOnceWhileCached()
    {
        var key = ApiKey.Generate();
        _store.Setup(store => store.FindAsync(key.KeyId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PartnerApiKeyRecord(key.KeyId, new PartnerId("partner-a"), key.SecretHash, DateTimeOffset.UtcNow));

        Assert.Equal(new PartnerCaller(new PartnerId("partner-a"), PartnerPermission.Write), await _authenticator.AuthenticateAsync(key.Reveal(), CancellationToken.None));
        Assert.Equal(new PartnerCaller(new PartnerId("partner-a"), PartnerPermission.Write), await _authenticator.AuthenticateAsync(key.Reveal(), CancellationToken.None));

        _store.Verify(store => store.FindAsync(key.KeyId, It.IsAny<CancellationToken>()), Times.Once());
    }

    [Fact]
    public async Task AnUnknownKeyIsNeverCachedSoMadeUpKeysCannotGrowTheCache()
    {
        var key = ApiKey.Generate();

        Assert.Null(await _authenticator.AuthenticateAsync(key.Reveal(), CancellationToken.None));
        Assert.Null(await _authenticator.AuthenticateAsync(key.Reveal(), CancellationToken.None));

        _store.Verify(store => store.FindAsync(key.KeyId, It.IsAny<CancellationToken>()), Times.Exactly(2));
    }
}
