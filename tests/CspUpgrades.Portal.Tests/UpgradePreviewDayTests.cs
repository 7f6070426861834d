using System.Globalization;
using System.Text.Json;
using CspUpgrades.Portal.Tests.Support;
using Microsoft.Playwright;

namespace CspUpgrades.Portal.Tests;

/// <summary>The price of an upgrade on a coming day of the billing period (CheckUpgradeEligibility's <c>?asOf=</c>), before Submit.</summary>
[Collection(PortalApp.CollectionName)]
public sealed class UpgradePreviewDayTests(PortalApp app)
{
    private const string Eligibility = "api/customers/litware/subscriptions/litware-essentials/upgrades";

    [Fact]
    public async Task ThePreviewIsPricedForTheDayChosenAndADayOutsideThePeriodIsRefused()
    {
        using var client = app.CreateClient();
        using var now = JsonDocument.Parse(await client.GetStringAsync(new Uri(Eligibility, UriKind.Relative)));
        var today = DateOnly.Parse(now.RootElement.GetProperty("effectiveDate").GetString()!, CultureInfo.InvariantCulture);
        var period = now.RootElement.GetProperty("items").EnumerateArray().First(item => item.GetProperty("isEligible").GetBoolean()).GetProperty("preview");
        var start = DateOnly.Parse(period.GetProperty("periodStart").GetString()!, CultureInfo.InvariantCulture);
        var end = DateOnly.Parse(period.GetProperty("periodEnd").GetString()!, CultureInfo.InvariantCulture); // exclusive
        var lastDay = end.AddDays(-1);

        var page = await app.NewPageAsync();
        var errors = page.ConsoleErrors();
        await page.GotoAsync(app.PortalAddress.ToString());
        await page.SignInAsync(app.ApiKey);
        await page.GotoAsync(app.PortalAddress + "#/customers/litware/subscriptions/litware-essentials/upgrade");
        var asOf = page.GetByLabel("Price on the day");
        Assert.Equal(Iso(today), await asOf.InputValueAsync());
        var preview = page.GetByRole(AriaRole.Region, new() { Name = "Before you submit" });
        var submit = page.GetByRole(AriaRole.Button, new() { Name = "Submit" });
        var target = await page.Locator("input[name=target]:checked").InputValueAsync();
        var type = await page.Locator("input[name=upgradeType]:checked").InputValueAsync();

        // The period's last day: one day left of it, and the API's own figures for that day.
        await asOf.FillAsync(Iso(lastDay));
        await preview.GetByText($"Effective {Shown(lastDay)},").WaitForAsync();
        Assert.Contains(": 1 of ", await preview.InnerTextAsync(), StringComparison.Ordinal);
        using var then = JsonDocument.Parse(await client.GetStringAsync(new Uri($"{Eligibility}?asOf={Iso(lastDay)}", UriKind.Relative)));
        var net = then.RootElement.GetProperty("items").EnumerateArray()
            .Single(item => item.GetProperty("targetOffer").GetProperty("id").GetString() == target && item.GetProperty("upgradeType").GetString() == type)
            .GetProperty("preview").GetProperty("net").GetProperty("amount").GetString()!;
        Assert.Contains("$" + decimal.Parse(net, CultureInfo.InvariantCulture).ToString("N2", CultureInfo.InvariantCulture) /* 1,234.56, as en-US writes it */,
            await preview.Locator("dd.net").InnerTextAsync(), StringComparison.Ordinal);
        if (lastDay != today)
        {
            // An upgrade takes effect the day it is submitted: it cannot be submitted at another day's price.
            await page.GetByText($"The price shown is for {Shown(lastDay)}.").WaitForAsync();
            Assert.True(await submit.IsDisabledAsync());
        }

        await page.AssertAccessibleAsync("preview for another day");

        // The first day after the period: the API refuses it (400 naming asOf), and the page says which days it takes.
        var refused = await page.RunAndWaitForResponseAsync(() => asOf.FillAsync(Iso(end)), response => response.Url.Contains("asOf=", StringComparison.Ordinal));
        Assert.Equal(400, refused.Status);
        await page.GetByText($"Choose a day of this billing period, from {Shown(start)} to {Shown(lastDay)}.").WaitForAsync();
        Assert.Equal(0, await preview.Locator("dl.price").CountAsync());
        Assert.True(await submit.IsDisabledAsync());
        Assert.DoesNotContain("invalid_request", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // Back to today: today's price, and Submit again.
        await asOf.FillAsync(Iso(today));
        await preview.GetByText($"Effective {Shown(today)},").WaitForAsync();
        Assert.True(await submit.IsEnabledAsync());
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A day as the page writes it in English (Intl's medium date).</summary>
    private static string Shown(DateOnly day) => day.ToString("MMM d, yyyy", CultureInfo.InvariantCulture);
}
