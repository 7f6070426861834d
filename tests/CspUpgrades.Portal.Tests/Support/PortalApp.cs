using CspUpgrades.LocalHost;
using CspUpgrades.Testing.App;
using CspUpgrades.Testing.Azurite;
using Microsoft.Playwright;

namespace CspUpgrades.Portal.Tests.Support;

/// <summary>
/// Everything the browser tests share, started once: Azurite, the demo data (seed-demo), the app as a worker process under
/// the local Functions host (running its queue functions, so upgrades complete), and one Chromium. Each test opens its own
/// browser context (a fresh tab with empty storage).
/// </summary>
public sealed class PortalApp : IAsyncLifetime
{
    public const string CollectionName = "Portal";

    private readonly AzuriteFixture _azurite = new();
    private LocalFunctionsHost? _host;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress => _host!.BaseAddress;

    /// <summary>The page's address after ./run.sh, on this host.</summary>
    public Uri PortalAddress => new(BaseAddress, "api/portal/");

    /// <summary>The demo partner's key, as seed-demo printed it.</summary>
    public string ApiKey { get; private set; } = string.Empty;

    public string StorageConnectionString => _azurite.ConnectionString;

    public string TableName { get; } = AzuriteFixture.UniqueName("portal");

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        var browser = Chromium.LaunchAsync();
        ApiKey = await DemoSeed.RunAsync(_azurite.ConnectionString, TableName);
        _host = await AppProcess.StartAsync(Repository.FunctionsAppDirectory, _azurite.ConnectionString, TableName, new Dictionary<string, string>
        {
            // Upgrades run at once (host.json polls every 5 s when idle).
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.100",
        });
        await _host.WaitForWorkerAsync();
        (_playwright, Browser) = await browser;
    }

    /// <summary>A new tab in a fresh context (no storage) in <paramref name="locale"/>, as a browser set to that language opens it.</summary>
    public async Task<IPage> NewPageAsync(string locale = "en-US")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1100, Height = 900 },
            TimezoneId = "UTC",
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Runs the daily audit now, through the host's admin endpoint as an operator would, and waits for its report.</summary>
    public async Task RunAuditAsync()
    {
        using var client = CreateClient();
        using (var fired = await client.PostAsync(new Uri("admin/functions/AuditBlockedUpgrades", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, fired.StatusCode);
        }

        for (var attempt = 0; attempt < 300; attempt++)
        {
            using var latest = await client.GetAsync(new Uri("api/audits/latest", UriKind.Relative));
            if (latest.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The audit completed no run in 30 s.");
    }

    public HttpClient CreateClient(bool withKey = true)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (withKey)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }
}

/// <summary>The browser tests share one app and one browser, and run one after another (two cores).</summary>
[CollectionDefinition(PortalApp.CollectionName)]
public sealed class PortalCollection : ICollectionFixture<PortalApp>;
