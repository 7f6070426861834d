using Microsoft.Playwright;

namespace CspUpgrades.Portal.Tests.Support;

/// <summary>
/// Debian's Chromium (<c>apt-get install chromium</c>; test.sh installs it where it is missing) under Playwright's driver,
/// which ships inside the NuGet package. Playwright's own browser download cannot be reached here, so the executable is
/// named; the flags keep a headless browser off the network it has no business with.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing: the browser tests need Debian's Chromium. ./test.sh installs it (apt-get install -y chromium); " +
                "elsewhere install a Chromium whose major version matches Microsoft.Playwright's and link it there.");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                ],
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
