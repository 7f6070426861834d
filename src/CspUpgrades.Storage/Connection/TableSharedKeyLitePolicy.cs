using Azure.Core;
using Azure.Core.Pipeline;

namespace CspUpgrades.Storage.Connection;

/// <summary>
/// Shared Key Lite for the Table service: signs <c>x-ms-date + "\n" + "/" + account + encoded path [+ "?comp=…"]</c>.
/// Runs per retry, after <see cref="StorageDatePolicy"/> set a fresh date. With Azurite's path-style URLs the
/// account name appears twice (<c>/devstoreaccount1/devstoreaccount1/table</c>), as the emulator expects.
/// </summary>
internal sealed class TableSharedKeyLitePolicy(StorageSharedKey key) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        message.Request.Headers.TryGetValue("x-ms-date", out var date);
        var signature = key.Sign(StringToSign(date ?? string.Empty, key.AccountName, message.Request.Uri.ToUri()));
        message.Request.Headers.SetValue("Authorization", $"SharedKeyLite {key.AccountName}:{signature}");
    }

    internal static string StringToSign(string date, string accountName, Uri uri)
    {
        var resource = "/" + accountName + uri.AbsolutePath;
        foreach (var (name, value) in QueryParameters.Parse(uri.Query))
        {
            if (name.Equals("comp", StringComparison.OrdinalIgnoreCase))
            {
                resource += "?comp=" + value;
                break;
            }
        }

        return date + "\n" + resource;
    }
}
