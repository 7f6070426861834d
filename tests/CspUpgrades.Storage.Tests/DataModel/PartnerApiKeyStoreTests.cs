using System.Security.Cryptography;
using System.Text;
using Azure;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Testing.Azurite.Requests;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Partners;
using CspUpgrades.Storage.Tests.DataModel.Builders;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests.DataModel;

/// <summary><c>PartnerApiKeyStore</c>: keys in partition <c>~apikeys</c>, found by id in one point read, holding only the secret's hash.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class PartnerApiKeyStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AKeyIsAddedFoundListedAndRevoked()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "keys");
        var partner = A.Partner();
        var (key, _) = NewKey(partner, "CI pipeline");
        var (second, _) = NewKey(partner);
        var (foreign, _) = NewKey(A.Partner());
        await storage.ApiKeys.AddAsync(key);
        await storage.ApiKeys.AddAsync(second);
        await storage.ApiKeys.AddAsync(foreign);

        PartnerApiKeyRecord? found;
        using (var scope = StorageRequestRecorder.BeginScope())
        {
            found = await storage.ApiKeys.FindAsync(key.KeyId);
            Assert.Equal(1, scope.Requests);
        }

        Assert.Equal(key, found);
        Assert.True(found!.IsActive);
        Assert.Equal(new[] { key.KeyId, second.KeyId }.Order(StringComparer.Ordinal), (await storage.ApiKeys.ListAsync(partner)).Select(k => k.KeyId).Order(StringComparer.Ordinal));

        Assert.True(await storage.ApiKeys.RevokeAsync(key.KeyId, A.Now.AddDays(1)));
        Assert.True(await storage.ApiKeys.RevokeAsync(key.KeyId, A.Now.AddDays(2)));
        Assert.False(await storage.ApiKeys.RevokeAsync("0000000000000000", A.Now));

        var revoked = await storage.ApiKeys.FindAsync(key.KeyId);
        Assert.Equal(key with { RevokedAt = A.Now.AddDays(1) }, revoked);
        Assert.False(revoked!.IsActive);
        Assert.True((await storage.ApiKeys.FindAsync(second.KeyId))!.IsActive);
        Assert.Null(await storage.ApiKeys.FindAsync("ffffffffffffffff"));
    }

    [Fact]
    public async Task TheStoredRowHoldsTheSecretsHashAndNeverTheSecret()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "keysraw");
        var (key, secret) = NewKey(A.Partner(), "ops");
        await storage.ApiKeys.AddAsync(key);

        var raw = await storage.RowAsync(TableLayout.ApiKeysPartition, key.KeyId);

        // The SDK's TableEntity also carries the ETag as the property "odata.etag".
        Assert.Equal(["CreatedAt", "Description", "PartitionKey", "PartnerId", "RowKey", "Scope", "SecretHash", "Timestamp", "odata.etag"], raw!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), raw.GetString("SecretHash"));
        Assert.DoesNotContain(raw, property => property.Value.ToString()!.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AKeysScopeIsStoredAndAKeyFromBeforeScopesReadsAsWrite()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "keysscope");
        var (reader, _) = NewKey(A.Partner());
        var (writer, _) = NewKey(A.Partner());
        await storage.ApiKeys.AddAsync(reader with { Scope = PartnerPermission.Read });
        await storage.ApiKeys.AddAsync(writer with { Scope = PartnerPermission.Write });
        var (legacy, _) = NewKey(A.Partner());
        await storage.ApiKeys.AddAsync(legacy);
        var raw = (await storage.RowAsync(TableLayout.ApiKeysPartition, legacy.KeyId))!;
        raw.Remove("Scope");
        await storage.Table.UpdateEntityAsync(raw, Azure.ETag.All, Azure.Data.Tables.TableUpdateMode.Replace);

        Assert.Equal("read", (await storage.RowAsync(TableLayout.ApiKeysPartition, reader.KeyId))!.GetString("Scope"));
        Assert.Equal(PartnerPermission.Read, (await storage.ApiKeys.FindAsync(reader.KeyId))!.Scope);
        Assert.Equal("write", (await storage.RowAsync(TableLayout.ApiKeysPartition, writer.KeyId))!.GetString("Scope"));
        Assert.Equal(PartnerPermission.Write, (await storage.ApiKeys.FindAsync(writer.KeyId))!.Scope);
        Assert.False((await storage.RowAsync(TableLayout.ApiKeysPartition, legacy.KeyId))!.ContainsKey("Scope"));
        Assert.Equal(PartnerPermission.Write, (await storage.ApiKeys.FindAsync(legacy.KeyId))!.Scope);
    }

    [Fact]
    public async Task AKeyIdIsNeverReused()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "keysdup");
        var (key, _) = NewKey(A.Partner());
        await storage.ApiKeys.AddAsync(key);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => storage.ApiKeys.AddAsync(key with { PartnerId = A.Partner() }));

        Assert.Equal(409, error.Status);
        Assert.Equal(key.PartnerId, (await storage.ApiKeys.FindAsync(key.KeyId))!.PartnerId);
    }

    private static (PartnerApiKeyRecord Key, string Secret) NewKey(PartnerId partner, string? description = null)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        return (new PartnerApiKeyRecord(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), partner, hash, A.Now, Description: description), secret);
    }
}
