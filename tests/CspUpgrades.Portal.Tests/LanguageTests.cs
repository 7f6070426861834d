using System.Text.RegularExpressions;
using CspUpgrades.Portal.Tests.Support;
using Microsoft.Playwright;

namespace CspUpgrades.Portal.Tests;

/// <summary>The flow in German and Simplified Chinese, as a browser set to that language opens it: every string translated, money and dates in the language's form.</summary>
[Collection(PortalApp.CollectionName)]
public sealed class LanguageTests(PortalApp app)
{
    [Theory]
    [InlineData("de-DE", "de", "Abonnements von litware", "Jetzt aktualisieren", @"\d,\d{2}\s\$", "de")]
    [InlineData("zh-CN", "zh-Hans", "litware 的订阅", "立即升级", @"US\$\d+\.\d{2}", "zh")]
    public async Task TheFlowIsInTheBrowsersLanguage(string locale, string language, string listHeading, string upgradeNow, string money, string picture)
    {
        var page = await app.NewPageAsync(locale);
        await page.GotoAsync(app.PortalAddress.ToString());
        await page.WaitForFunctionAsync("() => document.querySelector('main h1')");
        Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
        await page.AssertNoMissingStringAsync("sign in");
        await page.AssertAccessibleAsync("sign in");
        await page.SignInAsync(app.ApiKey);

        await page.OpenCustomerAsync("litware", listHeading);
        await page.AssertNoMissingStringAsync("customer");
        await page.AssertAccessibleAsync("customer");
        Assert.Matches(money, await page.GetByRole(AriaRole.Table).InnerTextAsync());
        await page.ScreenshotAsync($"{picture}-customer");

        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^" + Regex.Escape(upgradeNow)) }).First.ClickAsync();
        await page.GetByRole(AriaRole.Radio).First.WaitForAsync();
        await page.AssertNoMissingStringAsync("upgrade");
        await page.AssertAccessibleAsync("upgrade");
        Assert.Matches(money, await page.Locator("dl.price").InnerTextAsync());
        await page.ScreenshotAsync($"{picture}-upgrade");

        await page.GotoAsync(app.PortalAddress + "#/audit");
        await page.Locator("main h1").WaitForAsync();
        await page.AssertNoMissingStringAsync("audit");

        // The menu switches the language, and the page stays where it is.
        await page.GetByRole(AriaRole.Combobox).SelectOptionAsync("en");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Latest audit of blocked upgrades" }).WaitForAsync();
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await page.Context.CloseAsync();
    }
}
