using CspUpgrades.Storage.Clients;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Security;
using CspUpgrades.Functions.Hosting;
using CspUpgrades.Functions.ReceiveSubscriptionEvent;
using CspUpgrades.Storage.Partners;
using Azure.Data.Tables;
using CspUpgrades.Testing.Azurite;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CspUpgrades.Functions.Tests.Support;

/// <summary>
/// The real app (its Program, pipeline and handlers) against real Azurite, with its own table.
/// By default it serves in memory and the local trigger runner is off, so tests post the host's
/// envelopes themselves; <see cref="WithLocalRunner"/> serves on a real loopback port with the runner
/// polling the queues, as <c>run.sh</c> does.
/// </summary>
public sealed class CspUpgradesApp : WebApplicationFactory<Program>, IAppUnderTest
{
    public const string WebhookSecret = ClientRequests.WebhookSecret;

    /// <summary>Pass this setting (e.g. <c>other.TableName</c>) to make a second instance of the app share a table.</summary>
    public const string TableNameSetting = "Storage:TableName";

    private readonly AzuriteFixture _azurite;
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _localRunner;

    public CspUpgradesApp(AzuriteFixture azurite, IDictionary<string, string?>? settings = null, bool localRunner = false)
    {
        _azurite = azurite;
        _localRunner = localRunner;
        // A table of its own, unless the caller names one (two instances of the app sharing one account).
        TableName = settings?.TryGetValue(TableNameSetting, out var shared) == true && shared is { Length: > 0 }
            ? shared
            : AzuriteFixture.UniqueName("app");
        _settings = new Dictionary<string, string?>
        {
            [FunctionManifest.StorageConnectionSetting] = azurite.ConnectionString,
            [TableNameSetting] = TableName,
            ["Webhooks:Secret"] = WebhookSecret,
            ["LocalRunner:Enabled"] = localRunner ? "true" : "false",
            ["LocalRunner:MinPollingInterval"] = "00:00:00.050",
            ["Security:ApiKeyCacheDuration"] = "00:00:00",
            // Far in the future: timers never fire on their own during a test.
            [FunctionManifest.AuditScheduleSetting] = "0 0 0 1 1 *",
            [FunctionManifest.StuckOperationSweepScheduleSetting] = "0 0 0 1 1 *",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        if (localRunner)
        {
            UseKestrel(0);
        }
    }

    public static CspUpgradesApp WithLocalRunner(AzuriteFixture azurite, IDictionary<string, string?>? settings = null) =>
        new(azurite, settings, localRunner: true);

    public string TableName { get; }

    /// <summary>Service registrations applied after the app's own (e.g. a recording decorator). Set before the app starts.</summary>
    public Action<IServiceCollection>? ConfigureTestServices { get; set; }

    /// <summary>The app's table, for assertions on what it stored.</summary>
    public TableClient Table => new(_azurite.ConnectionString, TableName, StorageClientDefaults.TableOptions());

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A new API key for <paramref name="partner"/>, and a client that sends it.</summary>
    public async Task<HttpClient> ClientForPartnerAsync(string partner)
    {
        var key = await Service<PartnerApiKeyStore>().CreateKeyAsync(new PartnerId(partner), "test", TimeProvider.System);
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Reveal());
        return client;
    }

    /// <summary>Posts a webhook event signed with the app's secret (Standard Webhooks), as the sync source would.</summary>
    public async Task<HttpResponseMessage> PostEventAsync(object subscriptionEvent, string? eventId = null, DateTimeOffset? signedAt = null)
    {
        using var request = ClientRequests.SignedEvent(subscriptionEvent, eventId, signedAt);
        return await CreateClient().SendAsync(request);
    }

    /// <summary>Posts a raw invocation body to <c>/{FunctionName}</c>, exactly as the Functions host would.</summary>
    public Task<HttpResponseMessage> InvokeAsync(string functionName, string envelopeJson) =>
        CreateClient().PostAsync("/" + functionName, new StringContent(envelopeJson, Encoding.UTF8, "application/json"));

    /// <summary>Fires the audit timer exactly as the Functions host does (its timer payload and metadata); returns the run id it reports.</summary>
    public async Task<string> RunAuditAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var envelope = JsonSerializer.Serialize(new
        {
            Data = new
            {
                timer = new
                {
                    Schedule = new { AdjustForDST = true },
                    ScheduleStatus = new { Last = now.AddDays(-1), Next = now.AddDays(1), LastUpdated = now.AddDays(-1) },
                    IsPastDue = false,
                },
            },
            Metadata = new { sys = new { MethodName = FunctionManifest.AuditBlockedUpgrades.Name, UtcNow = now, RandGuid = Guid.NewGuid() } },
        });
        using var response = await InvokeAsync(FunctionManifest.AuditBlockedUpgrades.Name, envelope);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("ReturnValue").GetProperty("runId").GetString()!;
    }

    /// <summary>A queue invocation for <paramref name="messageText"/>, shaped as the host sends it (double-encoded, string metadata).</summary>
    public static string QueueEnvelope(string messageText, int dequeueCount = 1) =>
        JsonSerializer.Serialize(new
        {
            Data = new { msg = JsonSerializer.Serialize(messageText) },
            Metadata = new
            {
                DequeueCount = dequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Id = JsonSerializer.Serialize(Guid.NewGuid().ToString()),
                PopReceipt = JsonSerializer.Serialize("AgAAAAMAAAAAAAAA"),
                sys = new { MethodName = "ExecuteUpgrade", UtcNow = DateTimeOffset.UtcNow, RandGuid = Guid.NewGuid() },
            },
        });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Testing");
        if (ConfigureTestServices is { } configure)
        {
            builder.ConfigureTestServices(configure);
        }
    }
}
