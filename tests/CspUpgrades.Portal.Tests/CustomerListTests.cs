using System.Text.RegularExpressions;
using CspUpgrades.Portal.Tests.Support;
using Microsoft.Playwright;

namespace CspUpgrades.Portal.Tests;

/// <summary>
/// The partner's customers, a page at a time from the real ListCustomers, and on to one customer's subscriptions, filtered by
/// ListSubscriptions' own filters; by keyboard alone.
/// </summary>
[Collection(PortalApp.CollectionName)]
public sealed partial class CustomerListTests(PortalApp app)
{
    /// <summary>The page asks for 20 customers a page; the demo has 7, so the test asks the API for 3 instead (the rest of the request as the page sent it).</summary>
    private const int PageSize = 3;

    [Fact]
    public async Task ThePartnerPagesThroughItsCustomersOpensOneAndFiltersItsSubscriptionsByKeyboardAlone()
    {
        var page = await app.NewPageAsync();
        var errors = page.ConsoleErrors();
        var asked = new List<string>();
        var tamper = false;
        await page.RouteAsync(CustomerListRequest(), async route =>
        {
            var url = new UriBuilder(route.Request.Url);
            var query = System.Web.HttpUtility.ParseQueryString(url.Query);
            query["top"] = PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (tamper && query["continuationToken"] is { } token)
            {
                query["continuationToken"] = token[..^2]; // truncated: the API refuses it
                tamper = false;
            }

            url.Query = query.ToString();
            asked.Add(url.Uri.Query);
            await route.ContinueAsync(new() { Url = url.Uri.ToString() });
        });

        await page.GotoAsync(app.PortalAddress.ToString());
        await page.SignInAsync(app.ApiKey);

        // Page 1 in customer-id order, each customer with its counts.
        var customers = page.GetByRole(AriaRole.Table, new() { Name = "Your customers" });
        await AssertCustomersAsync(customers, "adatum", "contoso", "fabrikam");
        var fabrikam = customers.GetByRole(AriaRole.Row).Filter(new() { HasText = "fabrikam" });
        Assert.Equal(["1", "0", "1"], (await fabrikam.Locator("td.number").AllInnerTextsAsync()).Select(text => text.Trim()));
        var previous = page.GetByRole(AriaRole.Button, new() { Name = "Previous page" });
        var next = page.GetByRole(AriaRole.Button, new() { Name = "Next page" });
        Assert.True(await previous.IsDisabledAsync());
        await page.AssertAccessibleAsync("customers, page 1");
        await page.ScreenshotAsync("0-customers");

        // A token the API refuses (here truncated on the way): told in words, and the way on is from the first page.
        tamper = true;
        await page.TabToAsync(next);
        await page.Keyboard.PressAsync("Enter");
        await page.GetByText("The list changed its place; start again from the first page.").WaitForAsync();
        var first = page.GetByRole(AriaRole.Button, new() { Name = "First page" });
        Assert.True(await first.IsFocusedAsync());
        await page.Keyboard.PressAsync("Enter");
        await AssertCustomersAsync(customers, "adatum", "contoso", "fabrikam");
        Assert.True(await next.IsFocusedAsync());

        // Next, through the continuation token the API gave; focus stays on the pager.
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Page 2" }).WaitForAsync();
        await AssertCustomersAsync(customers, "india-co", "litware", "northwind");
        Assert.True(await next.IsFocusedAsync());

        // The last page: Next can go no further, and the focus is not lost with it.
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Page 3" }).WaitForAsync();
        Assert.Contains("tailspin", await customers.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await next.IsDisabledAsync());
        Assert.True(await previous.IsFocusedAsync(), "The focus left the pager when Next became disabled.");
        await page.AssertAccessibleAsync("customers, last page");

        // Back a page (the token of page 2 is remembered, not asked again), then open litware.
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Page 2" }).WaitForAsync();
        await AssertCustomersAsync(customers, "india-co", "litware", "northwind");
        // page 1, the refused page 2, page 1 again, pages 2 and 3, and page 2 with the token it had before
        Assert.Equal(6, asked.Count);
        Assert.DoesNotContain("continuationToken", asked[0] + asked[2], StringComparison.Ordinal);
        Assert.All(asked.Skip(3), query => Assert.Contains("continuationToken=", query, StringComparison.Ordinal));
        Assert.Equal(asked[3], asked[5]);

        await page.TabToAsync(customers.GetByRole(AriaRole.Link, new() { Name = "litware", Exact = true }));
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Subscriptions of litware", Level = 1 }).WaitForAsync();
        var subscriptions = page.GetByRole(AriaRole.Table, new() { Name = "Subscriptions and their upgrades" });
        await AssertSubscriptionsAsync(subscriptions, "litware-e3-direct", "litware-essentials");
        await page.AssertAccessibleAsync("litware's subscriptions");

        // The filters are the API's (?status=, ?upgradable=), not a hiding of rows the page already has.
        var listed = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/customers/litware/subscriptions", StringComparison.Ordinal))
            {
                listed.Add(new Uri(request.Url).Query);
            }
        };
        var status = page.GetByLabel("Status", new() { Exact = true });
        var upgradable = page.GetByLabel("Upgrade", new() { Exact = true });
        var apply = page.GetByRole(AriaRole.Button, new() { Name = "Apply" });
        await page.ChooseAsync(status, "suspended");
        await page.TabToAsync(apply);
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Subscriptions shown: 1" }).WaitForAsync();
        await AssertSubscriptionsAsync(subscriptions, "litware-e3-direct");
        Assert.Equal(["?status=suspended"], listed);

        await page.ChooseAsync(status, string.Empty);
        await page.ChooseAsync(upgradable, "true");
        await page.TabToAsync(apply);
        await page.Keyboard.PressAsync("Enter");
        await AssertSubscriptionsAsync(subscriptions, "litware-essentials");
        Assert.Equal("?upgradable=true", listed[^1]);
        await page.AssertAccessibleAsync("filtered subscriptions");

        // The filters are in the address: a reload shows the same list.
        Assert.EndsWith("#/customers/litware?upgradable=true", page.Url, StringComparison.Ordinal);
        await page.ReloadAsync();
        await AssertSubscriptionsAsync(subscriptions, "litware-essentials");
        Assert.Equal("true", await upgradable.InputValueAsync());

        // Nothing matches: said in words.
        await page.ChooseAsync(status, "cancelled");
        await page.TabToAsync(apply);
        await page.Keyboard.PressAsync("Enter");
        await page.GetByText("No subscription matches these filters.").WaitForAsync();
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    private static async Task AssertCustomersAsync(ILocator table, params string[] ids)
    {
        var rows = table.Locator("tbody tr");
        await Assertions.Expect(rows.First).ToContainTextAsync(ids[0]);
        var links = await rows.GetByRole(AriaRole.Link).AllInnerTextsAsync();
        Assert.Equal(ids, links);
    }

    private static async Task AssertSubscriptionsAsync(ILocator table, params string[] ids)
    {
        // Waits for the answer: the table on screen may still be the one before.
        await Assertions.Expect(table.Locator("tbody tr small.detail")).ToHaveTextAsync(ids);
    }

    [GeneratedRegex(@"/api/customers\?")]
    private static partial Regex CustomerListRequest();
}
