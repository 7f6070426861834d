using System.Text.Json;
using CspUpgrades.Portal.Tests.Support;
using Microsoft.Playwright;

namespace CspUpgrades.Portal.Tests;

/// <summary>A customer's subscription list: the information icon on upgradable ones, the reasons on blocked ones, and Submit that upgrades once.</summary>
[Collection(PortalApp.CollectionName)]
public sealed class SubscriptionListTests(PortalApp app)
{
    [Fact]
    public async Task ABlockedSubscriptionShowsItsReasonsAndNoUpgradeNow()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.PortalAddress.ToString());
        await page.SignInAsync(app.ApiKey);
        await page.OpenCustomerAsync("fabrikam");

        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "fabrikam-premium" });
        Assert.Contains("Cannot be upgraded", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("The subscription must be active (not suspended or cancelled).", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Upgrade now" }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Upgrade options") }).CountAsync());
        await page.AssertAccessibleAsync("blocked list");
        await page.ScreenshotAsync("5-blocked");

        // Its own page says the same where the icon would be, and offers no upgrade either.
        await page.TabToAsync(page.GetByRole(AriaRole.Link, new() { Name = "Office 365 Business Premium" }));
        await page.Keyboard.PressAsync("Enter");
        await page.GetByText("This subscription cannot be upgraded now, because:").WaitForAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Upgrade now" }).CountAsync());
        await page.AssertAccessibleAsync("blocked subscription");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PointingAtTheIconShowsTheTargetsAndADoubleClickedSubmitUpgradesOnce()
    {
        var page = await app.NewPageAsync();
        var upgrades = new List<IRequest>();
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/upgrades", StringComparison.Ordinal))
            {
                upgrades.Add(request);
            }
        };
        await page.GotoAsync(app.PortalAddress.ToString());
        await page.SignInAsync(app.ApiKey);
        await page.OpenCustomerAsync("india-co");

        var icon = page.GetByRole(AriaRole.Button, new() { Name = "Upgrade options for Office 365 Business Essentials India" });
        var targets = page.GetByRole(AriaRole.Tooltip);
        Assert.False(await targets.IsVisibleAsync());
        await icon.HoverAsync();
        Assert.True(await targets.IsVisibleAsync());
        Assert.Contains("Office 365 Business Premium India", await targets.InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync("2-customer");
        await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).HoverAsync();
        Assert.False(await targets.IsVisibleAsync());

        await page.GetByRole(AriaRole.Link, new() { NameRegex = new("^Upgrade now") }).ClickAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Office 365 Business Premium India" }).CheckAsync();
        // The price before Submit, in the subscription's currency.
        var preview = page.GetByRole(AriaRole.Region, new() { Name = "Before you submit" });
        Assert.Contains("₹", await preview.InnerTextAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).DblClickAsync();
        await page.GetByText("The upgrade is done.").WaitForAsync(new() { Timeout = 60_000 });

        Assert.Single(upgrades.Select(request => request.Headers["idempotency-key"]).Distinct());
        var operationId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        using var client = app.CreateClient();
        using var operation = JsonDocument.Parse(await client.GetStringAsync(new Uri($"api/operations/{operationId}", UriKind.Relative)));
        Assert.Equal(["credit", "charge"], operation.RootElement.GetProperty("billingLines").EnumerateArray().Select(line => line.GetProperty("kind").GetString()));
        await page.Context.CloseAsync();
    }

    /// <summary>The first Submit reaches the API but its answer is lost on the way back; Submit again is the same attempt.</summary>
    [Fact]
    public async Task SubmittingAgainAfterALostAnswerUpgradesOnce()
    {
        var page = await app.NewPageAsync();
        var keys = new List<string>();
        var lost = false;
        await page.RouteAsync("**/api/customers/adatum/subscriptions/adatum-business/upgrades", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            keys.Add(route.Request.Headers["idempotency-key"]);
            if (lost)
            {
                await route.ContinueAsync();
                return;
            }

            lost = true;
            await using var delivered = await route.FetchAsync(); // the API records the upgrade…
            Assert.Equal(202, delivered.Status);
            await route.AbortAsync("connectionreset"); // …and the answer never arrives
        });
        await page.GotoAsync(app.PortalAddress.ToString());
        await page.SignInAsync(app.ApiKey);
        await page.OpenCustomerAsync("adatum");
        await page.GetByRole(AriaRole.Link, new() { Name = "Upgrade now: Office 365 Business (adatum-business)" }).ClickAsync();

        var submit = page.GetByRole(AriaRole.Button, new() { Name = "Submit" });
        await submit.ClickAsync();
        await page.GetByText("The server could not be reached. Check your connection and try again.").WaitForAsync();
        await page.GetByText("You can submit again: the upgrade will still happen only once.").WaitForAsync();
        await submit.ClickAsync();
        await page.GetByText("The upgrade is done.").WaitForAsync(new() { Timeout = 60_000 });

        Assert.Equal(2, keys.Count);
        Assert.Single(keys.Distinct());
        var operationId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        using var client = app.CreateClient();
        using var operation = JsonDocument.Parse(await client.GetStringAsync(new Uri($"api/operations/{operationId}", UriKind.Relative)));
        Assert.Equal(["credit", "charge"], operation.RootElement.GetProperty("billingLines").EnumerateArray().Select(line => line.GetProperty("kind").GetString()));
        await page.Context.CloseAsync();
    }
}
