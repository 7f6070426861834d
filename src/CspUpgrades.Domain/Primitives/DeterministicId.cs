using System.Security.Cryptography;
using System.Text;

namespace CspUpgrades.Domain.Primitives;

/// <summary>
/// Name-based GUIDs: the same operation and purpose always give the same GUID, so a replayed
/// operation meets the rows it already wrote instead of creating new ones.
/// </summary>
public static class DeterministicId
{
    // Fixed namespace of this product; changing it would change every derived id.
    private static readonly Guid Namespace = new("6f1d7c52-3a8e-4b0f-9d2c-5e4a8b7c1f30");

    /// <summary>
    /// An RFC 9562 version 8 UUID built from SHA-256 over the namespace, <paramref name="purpose"/>
    /// and the operation id (the name-based construction RFC 9562 suggests for SHA-256), in lower-case "D" format.
    /// </summary>
    public static Guid For(OperationId operationId, string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        var name = Encoding.UTF8.GetBytes($"{purpose}:{operationId.Value}");
        Span<byte> input = stackalloc byte[16 + name.Length];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input[16..]);

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(hash[..16], bigEndian: true);
    }
}
