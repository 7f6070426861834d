using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CspUpgrades.Functions.PartnerPortal;
using CspUpgrades.Portal.Tests.Support;

namespace CspUpgrades.Portal.Tests;

/// <summary>GET /api/portal/…: the page's files as the app serves them, with their caching and security headers.</summary>
[Collection(PortalApp.CollectionName)]
public sealed partial class PortalServingTests(PortalApp app)
{
    [Fact]
    public async Task ThePageIsServedWithAStrictPolicyWithoutAKey()
    {
        using var client = app.CreateClient(withKey: false);
        using var response = await client.GetAsync(new Uri("api/portal/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.False(response.Headers.ETag?.IsWeak ?? true);
    }

    [Fact]
    public async Task EveryFileIsServedWithItsTypeAndRevalidatesByItsETag()
    {
        using var client = app.CreateClient(withKey: false);
        foreach (var (path, file) in PartnerPortalAssets.Files)
        {
            using var response = await client.GetAsync(new Uri("api/portal/" + path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(file.ContentType, response.Content.Headers.ContentType?.ToString());
            Assert.Equal(file.Content, await response.Content.ReadAsByteArrayAsync());

            using var again = new HttpRequestMessage(HttpMethod.Get, new Uri("api/portal/" + path, UriKind.Relative));
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            using var notModified = await client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        }

        Assert.Contains("js/app.js", PartnerPortalAssets.Files.Keys);
        Assert.Equal("text/javascript; charset=utf-8", PartnerPortalAssets.Find("js/app.js")!.ContentType);
    }

    [Fact]
    public async Task ThePageWithoutItsSlashRedirectsToIt()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        using var response = await client.GetAsync(new Uri("api/portal", UriKind.Relative));

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("/api/portal/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("api/portal/nothing.js")]
    [InlineData("api/portal/..%2FCspUpgrades.Functions.dll")]
    [InlineData("api/portal/JS/APP.JS")]
    public async Task AnythingElseIsNotFound(string path)
    {
        using var client = app.CreateClient(withKey: false);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ThePageIsNotPartOfTheApiDescription()
    {
        using var client = app.CreateClient(withKey: false);
        var document = await client.GetStringAsync(new Uri("api/openapi/v1.json", UriKind.Relative));

        Assert.Contains("/api/operations/{operationId}", document, StringComparison.Ordinal);
        Assert.DoesNotContain("portal", document, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The policy forbids inline script and style; the files hold none, so nothing the page needs is blocked.</summary>
    [Fact]
    public void ThePageHasNoInlineScriptOrStyle()
    {
        foreach (var file in PartnerPortalAssets.Files.Values.Where(f => f.Path.EndsWith(".html", StringComparison.Ordinal)))
        {
            var html = Encoding.UTF8.GetString(file.Content);
            Assert.All(ScriptTag().Matches(html), script => Assert.Matches("src=\"[^\"]+\"", script.Value));
            Assert.DoesNotMatch(@"<style|\sstyle=|\son[a-z]+=", html);
            Assert.DoesNotContain("http", html.Replace("http-equiv", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }

        foreach (var (path, file) in PartnerPortalAssets.Files.Where(f => f.Key.EndsWith(".js", StringComparison.Ordinal)))
        {
            var script = Encoding.UTF8.GetString(file.Content);
            Assert.False(Regex.IsMatch(script, @"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function"), $"{path} builds HTML from strings");
        }
    }

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();
}
