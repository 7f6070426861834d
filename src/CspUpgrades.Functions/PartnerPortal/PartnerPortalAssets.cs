using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace CspUpgrades.Functions.PartnerPortal;

/// <summary>
/// The partner page's files (<c>PartnerPortal/wwwroot</c>), embedded in the app's assembly so that every deployment
/// (the build output, the zip package) carries exactly the page it was built with: no CDN, no file beside the app.
/// Read once; each file keeps its bytes, its content type and a strong <c>ETag</c> (a hash of the bytes).
/// </summary>
public static class PartnerPortalAssets
{
    /// <summary>The prefix of the assets' manifest resource names (the csproj names them so).</summary>
    public const string ResourcePrefix = "portal/";

    /// <summary>What the page's root (<c>/api/portal/</c>) answers.</summary>
    public const string IndexPath = "index.html";

    private static readonly Lazy<FrozenDictionary<string, PortalAsset>> All = new(Load);

    /// <summary>Every asset by its path below the page's root (<c>js/app.js</c>), for the tests that read the resources.</summary>
    public static IReadOnlyDictionary<string, PortalAsset> Files => All.Value;

    /// <summary>The asset at <paramref name="path"/> (case-sensitive, as URLs are), or null.</summary>
    public static PortalAsset? Find(string path) => All.Value.GetValueOrDefault(path);

    private static FrozenDictionary<string, PortalAsset> Load()
    {
        var assembly = typeof(PartnerPortalAssets).Assembly;
        var types = new FileExtensionContentTypeProvider();
        var assets = new Dictionary<string, PortalAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            // MSBuild's %(RecursiveDir) uses the build machine's separator.
            var path = name[ResourcePrefix.Length..].Replace('\\', '/');
            var bytes = Read(assembly, name);
            var contentType = types.TryGetContentType(path, out var known) ? known : "application/octet-stream";
            if (contentType.StartsWith("text/", StringComparison.Ordinal) || contentType is "application/json" or "text/javascript" or "application/javascript")
            {
                contentType += "; charset=utf-8";
            }

            var etag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16)) + "\"");
            assets[path] = new PortalAsset(path, bytes, contentType, etag);
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"The resource {name} is listed but cannot be read.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

/// <summary>One file of the partner page: its path below the page's root, bytes, content type and strong entity tag.</summary>
public sealed record PortalAsset(string Path, byte[] Content, string ContentType, EntityTagHeaderValue ETag);
