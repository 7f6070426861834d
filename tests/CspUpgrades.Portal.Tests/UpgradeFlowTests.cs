using System.Text.RegularExpressions;
using CspUpgrades.Portal.Tests.Support;
using Microsoft.Playwright;

namespace CspUpgrades.Portal.Tests;

/// <summary>The source documents' flow in the page, by keyboard alone: subscription → information icon → Upgrade now → new offer → Submit → accounts that need extra work.</summary>
[Collection(PortalApp.CollectionName)]
public sealed class UpgradeFlowTests(PortalApp app)
{
    [Fact]
    public async Task AnEligibleSubscriptionIsUpgradedByKeyboardAlone()
    {
        var page = await app.NewPageAsync();
        var requests = new List<IRequest>();
        page.Request += (_, request) => requests.Add(request);
        // A script or style the policy blocked, or a missing string, is logged as an error (an answer's 404 is not ours to count).
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };

        await page.GotoAsync(app.PortalAddress.ToString());
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();
        await page.AssertAccessibleAsync("sign in");
        await page.ScreenshotAsync("1-sign-in");
        await page.SignInAsync(app.ApiKey);

        // Customers → contoso's subscription list: the information icon right after the upgradable subscription's name;
        // focusing it shows the targets.
        await page.OpenCustomerAsync("contoso");
        var icon = page.GetByRole(AriaRole.Button, new() { Name = "Upgrade options for Office 365 Business Essentials" });
        var targets = page.GetByRole(AriaRole.Tooltip);
        Assert.False(await targets.IsVisibleAsync());
        await page.TabToAsync(icon);
        Assert.True(await targets.IsVisibleAsync());
        Assert.Contains("Office 365 Enterprise E3", await targets.InnerTextAsync(), StringComparison.Ordinal);
        await page.AssertAccessibleAsync("customer");
        await page.Keyboard.PressAsync("Escape");
        Assert.False(await targets.IsVisibleAsync());

        // Upgrade now → the target, the type, the quantity.
        await page.TabToAsync(page.GetByRole(AriaRole.Link, new() { Name = "Upgrade now: Office 365 Business Essentials (contoso-essentials)" }));
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Upgrade Office 365 Business Essentials" }).WaitForAsync();
        var e3 = page.GetByRole(AriaRole.Radio, new() { Name = "Office 365 Enterprise E3" });
        await page.TabToAsync(page.GetByRole(AriaRole.Radio, new() { Checked = true }).First);
        while (!await e3.IsCheckedAsync())
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await page.Keyboard.PressAsync("Tab");
        var upgradeOnly = page.GetByRole(AriaRole.Radio, new() { Name = "Upgrade only" });
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.True(await upgradeOnly.IsCheckedAsync());
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.GetByLabel("Licenses to upgrade").IsFocusedAsync());
        Assert.Equal("25", await page.GetByLabel("Licenses to upgrade").InputValueAsync());
        // The price and the accounts before Submit: upgrade only moves nobody, so all three need their licenses by hand.
        var preview = page.GetByRole(AriaRole.Region, new() { Name = "Before you submit" });
        Assert.Matches(@"Net\s*\$[\d,]+\.\d{2}", await preview.InnerTextAsync());
        Assert.Equal(3, await preview.GetByRole(AriaRole.Table).Last.GetByRole(AriaRole.Row).CountAsync() - 1);
        await page.AssertAccessibleAsync("upgrade");
        await page.ScreenshotAsync("3-upgrade");

        await page.TabToAsync(page.GetByRole(AriaRole.Button, new() { Name = "Submit" }));
        await page.Keyboard.PressAsync("Enter");

        // The operation, followed to its end; the accounts that need their licenses reassigned, with the guidance.
        await page.GetByText("The upgrade is done.").WaitForAsync(new() { Timeout = 30_000 });
        var accounts = page.GetByRole(AriaRole.Table).Last;
        Assert.Equal(3, await accounts.GetByRole(AriaRole.Row).CountAsync() - 1);
        Assert.Contains("assign the new offer to this user by hand", await accounts.InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("Issues when reassigning licenses") }).WaitForAsync();
        await page.AssertAccessibleAsync("operation");
        await page.ScreenshotAsync("4-operation");

        // The key went only into X-Api-Key headers and sessionStorage: never a URL, never localStorage.
        Assert.Contains(requests, request => request.Headers.TryGetValue("x-api-key", out var key) && key == app.ApiKey);
        Assert.DoesNotContain(requests, request => request.Url.Contains(app.ApiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(app.ApiKey, page.Url, StringComparison.Ordinal);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length"));
        Assert.Equal(app.ApiKey, await page.EvaluateAsync<string>("() => sessionStorage.getItem('cspupgrades:apiKey')"));

        Assert.Empty(errors);

        // Sign out forgets it.
        await page.TabToAsync(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }));
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => sessionStorage.length + localStorage.length"));
        await page.Context.CloseAsync();
    }
}
