using System.Security.Cryptography;
using System.Text;

namespace CspUpgrades.Functions.ReceiveSubscriptionEvent;

/// <summary>Event ids come from the sender: a safe one is used as a row key as-is, anything else by its hash.</summary>
public static class EventIds
{
    public static string ToRowSafe(string id) =>
        id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? id
            : "h-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
}
