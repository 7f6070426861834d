using System.Text;
using CspUpgrades.Portal.Tests.Support;
using Microsoft.Playwright;

namespace CspUpgrades.Portal.Tests;

/// <summary>The latest audit of blocked upgrades in the page, and its CSV as the API writes it.</summary>
[Collection(PortalApp.CollectionName)]
public sealed class AuditTests(PortalApp app)
{
    [Fact]
    public async Task TheLatestAuditIsShownAndDownloadsAsCsv()
    {
        await app.RunAuditAsync();
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.PortalAddress.ToString());
        await page.SignInAsync(app.ApiKey);
        await page.TabToAsync(page.GetByRole(AriaRole.Link, new() { Name = "Latest audit" }));
        await page.Keyboard.PressAsync("Enter");

        var findings = page.GetByRole(AriaRole.Table, new() { Name = "Blocked upgrades" });
        await findings.WaitForAsync();
        Assert.Contains("litware-e3-direct", await findings.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("The customer still owns the target offer (suspended)", await findings.InnerTextAsync(), StringComparison.Ordinal);
        await page.AssertAccessibleAsync("audit");
        await page.ScreenshotAsync("6-audit");

        await page.TabToAsync(page.GetByRole(AriaRole.Button, new() { Name = "Download CSV" }));
        var download = await page.RunAndWaitForDownloadAsync(() => page.Keyboard.PressAsync("Enter"));
        Assert.StartsWith("audit-", download.SuggestedFilename, StringComparison.Ordinal);
        var csv = await File.ReadAllTextAsync(await download.PathAsync(), Encoding.UTF8);
        Assert.StartsWith("customerId,blockingSubscriptionId,", csv, StringComparison.Ordinal);
        Assert.Contains("litware-e3-direct", csv, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
