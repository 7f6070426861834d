using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CspUpgrades.Portal.Tests.Support;

/// <summary>What a person does on the page, by keyboard: Tab to a control, type, press a key; and what the tests check on every view.</summary>
public static class PageSteps
{
    /// <summary>Where the tests' screenshots go when <c>UPDATE_SCREENSHOTS=1</c>: the README shows them.</summary>
    public static string ScreenshotDirectory => Path.Combine(Repository.Root, "docs", "images");

    /// <summary>Presses Tab until <paramref name="target"/> has the focus; fails if it is not reachable that way.</summary>
    public static async Task TabToAsync(this IPage page, ILocator target, int limit = 60)
    {
        await target.WaitForAsync();
        for (var presses = 0; presses < limit; presses++)
        {
            if (await target.EvaluateAsync<bool>("element => element === document.activeElement"))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"Tab did not reach {target} in {limit} presses.");
    }

    /// <summary>Chooses <paramref name="value"/> in a select as a person does by keyboard: Tab to it, then the arrow keys.</summary>
    public static async Task ChooseAsync(this IPage page, ILocator select, string value)
    {
        await page.TabToAsync(select);
        var values = await select.Locator("option").EvaluateAllAsync<string[]>("options => options.map(option => option.value)");
        var target = Array.IndexOf(values, value);
        Assert.True(target >= 0, $"{select} has no option {value}.");
        var current = Array.IndexOf(values, await select.InputValueAsync());
        for (; current < target; current++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        for (; current > target; current--)
        {
            await page.Keyboard.PressAsync("ArrowUp");
        }

        Assert.Equal(value, await select.InputValueAsync());
    }

    /// <summary>
    /// What the page logs as an error from now on: a script or style the policy blocked, a missing string, an exception. An
    /// answer's 4xx ("Failed to load resource") is the API's to give, not the page's error.
    /// </summary>
    public static List<string> ConsoleErrors(this IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }

    /// <summary>Signs in as a person does: Tab to the key field, type the key, Enter.</summary>
    public static async Task SignInAsync(this IPage page, string apiKey)
    {
        var key = page.GetByLabel(new Regex("API"));
        await page.TabToAsync(key);
        await page.Keyboard.TypeAsync(apiKey);
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Navigation, new() { NameRegex = Navigation() }).WaitForAsync();
    }

    private static Regex Navigation() => new("Main|Haupt|主导航");

    /// <summary>Opens a customer's subscription list from the customers view, by keyboard.</summary>
    public static async Task OpenCustomerAsync(this IPage page, string customerId, string? heading = null)
    {
        await page.TabToAsync(page.Locator("input[name=customerId]"));
        await page.Keyboard.TypeAsync(customerId);
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Heading, new() { Name = heading ?? $"Subscriptions of {customerId}", Level = 1 }).WaitForAsync();
    }

    /// <summary>No serious or critical axe violation on what the page shows now.</summary>
    public static async Task AssertAccessibleAsync(this IPage page, string view)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(violation => violation.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{view}: " + string.Join("\n", serious.Select(violation =>
            $"{violation.Impact} {violation.Id}: {violation.Help} at {string.Join(", ", violation.Nodes.Select(node => node.Html))}")));
    }

    /// <summary>No string shows as a missing key (the page marks one ⟦key⟧).</summary>
    public static async Task AssertNoMissingStringAsync(this IPage page, string view)
    {
        var text = await page.Locator("body").InnerTextAsync();
        Assert.False(text.Contains('⟦', StringComparison.Ordinal), $"{view} shows a missing string: {text}");
    }

    /// <summary>Saves a screenshot for the README when asked to (<c>UPDATE_SCREENSHOTS=1</c>).</summary>
    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") != "1")
        {
            return;
        }

        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"portal-{name}.png"), FullPage = true });
    }

    public static async Task<bool> IsFocusedAsync(this ILocator locator) =>
        await locator.EvaluateAsync<bool>("element => element === document.activeElement");
}
