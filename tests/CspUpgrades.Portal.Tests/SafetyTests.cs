using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Portal.Tests.Support;
using CspUpgrades.Storage.Customers;
using Microsoft.Playwright;

namespace CspUpgrades.Portal.Tests;

/// <summary>What the API returns is shown as text, and a change someone else made meanwhile is told as such.</summary>
[Collection(PortalApp.CollectionName)]
public sealed class SafetyTests(PortalApp app)
{
    private const string Hostile = "<img src=x onerror=alert(1)>";

    [Fact]
    public async Task NothingTheApiReturnsIsInsertedAsHtml()
    {
        var customers = new CustomerStore(new TableClient(app.StorageConnectionString, app.TableName));
        var partner = new PartnerId("demo-partner");
        var customer = new CustomerId("xss-co");
        var start = new DateOnly(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1);
        await customers.SaveProfileAsync(partner, customer, new CustomerProfile(Region.Global, new DelegatedAdminGrant(true, Enum.GetValues<ServiceKind>()), Hostile));
        await customers.SaveSubscriptionAsync(partner, customer, new Subscription
        {
            Id = new SubscriptionId("xss-essentials"),
            OfferId = new OfferId("o365-business-essentials"),
            Status = SubscriptionStatus.Active,
            Quantity = 5,
            Channel = SalesChannel.ThisPartner,
            BillingCycle = BillingCycle.Monthly,
            TermStart = start,
            TermEnd = start.AddYears(1),
            UnitPrice = new Money(500, new CurrencyCode("USD")),
            AssignedUsers = [new AssignedUser(new UserObjectId("xss-user"), Hostile, "<b>x@example.com</b>", [ServiceKind.OfficeWebApps])],
            Version = 1,
        });
        // Its line in the customer list, as the app writes it after a change.
        var summaries = new CustomerSummaryStore(new TableClient(app.StorageConnectionString, app.TableName), customers);
        Assert.True(await summaries.RefreshAsync(partner, customer, OfferCatalog.LoadDefault(), TimeProvider.System));

        var page = await app.NewPageAsync();
        var dialogs = 0;
        page.Dialog += async (_, dialog) => { dialogs++; await dialog.DismissAsync(); };
        await page.GotoAsync(app.PortalAddress.ToString());
        await page.SignInAsync(app.ApiKey);
        await page.GetByRole(AriaRole.Table, new() { Name = "Your customers" }).GetByRole(AriaRole.Link, new() { Name = Hostile }).WaitForAsync();
        Assert.Equal(0, await page.Locator("main img").CountAsync());
        await page.GotoAsync(app.PortalAddress + "#/customers/xss-co/subscriptions/xss-essentials");
        await page.GetByRole(AriaRole.Cell, new() { Name = Hostile }).WaitForAsync();
        await page.GetByRole(AriaRole.Cell, new() { Name = "<b>x@example.com</b>" }).WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Upgrade now" }).Or(page.GetByRole(AriaRole.Link, new() { Name = "Upgrade now" })).ClickAsync();
        await page.GetByRole(AriaRole.Cell, new() { Name = Hostile }).First.WaitForAsync();

        Assert.Equal(0, await page.Locator("main img, main b").CountAsync());
        Assert.Equal(0, dialogs);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AddingLicensesToASubscriptionChangedMeanwhileSaysReload()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.PortalAddress.ToString());
        await page.SignInAsync(app.ApiKey);
        await page.GotoAsync(app.PortalAddress + "#/customers/tailspin/subscriptions/tailspin-business");
        var quantity = page.GetByLabel("Licenses to add");
        await quantity.WaitForAsync();
        // What it would charge, before adding (PreviewAddLicenses).
        await page.GetByText(new System.Text.RegularExpressions.Regex(@"^Adding 1: 6 → 7 licenses, charged \$\d+\.\d{2} now")).WaitForAsync();

        // Someone else adds a license after the page read the subscription.
        using var client = app.CreateClient();
        using (var other = await client.PostAsJsonAsync(new Uri("api/customers/tailspin/subscriptions/tailspin-business/licenses", UriKind.Relative), new { quantity = 1 }))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        await page.TabToAsync(quantity);
        await page.Keyboard.PressAsync("Enter");
        await page.GetByText("This subscription was changed meanwhile. Reload it to see the current state, then try again.").WaitForAsync();
        Assert.DoesNotContain("precondition_failed", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await page.AssertAccessibleAsync("changed meanwhile");
        await page.ScreenshotAsync("7-changed-meanwhile");

        await page.TabToAsync(page.GetByRole(AriaRole.Button, new() { Name = "Reload" }));
        await page.Keyboard.PressAsync("Enter");
        await page.TabToAsync(page.GetByLabel("Licenses to add"));
        await page.Keyboard.PressAsync("Enter");
        await page.GetByText(new System.Text.RegularExpressions.Regex("^Added 1 licenses for \\$")).WaitForAsync();

        // The subscription's history has both additions, newest first, each with its charge.
        var history = page.GetByRole(AriaRole.Region, new() { Name = "History" });
        var additions = history.GetByRole(AriaRole.Row).Filter(new() { HasText = "Licenses added" });
        Assert.Equal(2, await additions.CountAsync());
        Assert.Contains("Charge $", await additions.First.InnerTextAsync(), StringComparison.Ordinal);
        await page.AssertAccessibleAsync("history");
        await page.Context.CloseAsync();
    }
}
