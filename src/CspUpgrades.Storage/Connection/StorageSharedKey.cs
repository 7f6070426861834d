using System.Security.Cryptography;
using System.Text;

namespace CspUpgrades.Storage.Connection;

/// <summary>An account name and its decoded key; signs strings with HMAC-SHA256. Never prints the key.</summary>
internal sealed class StorageSharedKey
{
    private readonly byte[] _key;

    public StorageSharedKey(string accountName, string base64Key)
    {
        AccountName = accountName;
        try
        {
            _key = Convert.FromBase64String(base64Key);
        }
        catch (FormatException)
        {
            throw new ArgumentException("The account key is not valid base64.", nameof(base64Key));
        }
    }

    public string AccountName { get; }

    public string Sign(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));

    public override string ToString() => AccountName;
}
