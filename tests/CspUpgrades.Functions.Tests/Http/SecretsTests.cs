using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.ReceiveSubscriptionEvent;
using CspUpgrades.Functions.Security;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Partners;
using CspUpgrades.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>API key secrets and the webhook secret never reach a log line or a table row in clear text.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class SecretsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task NeitherLogsNorTheTableEverHoldAnApiKeySecretOrTheWebhookSecret()
    {
        // Everything the app logs, at every level, and everything the Functions host logs (the worker's lines reach it too).
        var logs = new CapturingLoggerProvider();
        await using var app = await WorkerApp.StartAsync(
            azurite,
            overrideServices: services => services.AddLogging(logging => logging.AddProvider(logs).AddFilter<CapturingLoggerProvider>(category: null, LogLevel.Trace)),
            hostLogs: logs);
        var partner = new PartnerId("partner-secrets-" + Guid.NewGuid().ToString("N")[..8]);
        var key = await app.Service<PartnerApiKeyStore>().CreateKeyAsync(partner, "secrets test", TimeProvider.System);
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(PartnerAuthentication.HeaderName, key.Reveal());
        var wrongSecret = "csp_" + key.KeyId + "_" + new string('Z', 43);
        using var webhooks = app.CreateClient();

        await RunEveryKindOfRequestAsync(app, client, webhooks, partner.Value, wrongSecret);
        Assert.Single(await new UpgradeQueueProbe(azurite).TakeMessagesOfAsync(IdempotencyKey.OperationIdFor(partner, "secrets-1").Value));

        var secrets = new[]
        {
            key.Secret, key.Reveal(), wrongSecret[(4 + 16 + 1)..],
            ClientRequests.WebhookSecret, ClientRequests.WebhookSecret["whsec_".Length..],
            Encoding.UTF8.GetString(WebhookSignature.DecodeSecret(ClientRequests.WebhookSecret)),
        };
        var logged = logs.Text();
        var stored = await TableSnapshot.AllTextAsync(app.Table);
        Assert.Contains("accepted for partner " + partner.Value, logged, StringComparison.Ordinal);
        Assert.Contains(key.KeyId, stored, StringComparison.Ordinal);
        Assert.Contains(key.SecretHash, stored, StringComparison.Ordinal);
        Assert.All(secrets, secret =>
        {
            Assert.DoesNotContain(secret, logged, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        });
    }

    private static async Task RunEveryKindOfRequestAsync(
        WorkerApp app, HttpClient client, HttpClient webhooks, string partner, string wrongSecret)
    {
        async Task SendAsync(HttpClient sender, HttpRequestMessage request, HttpStatusCode expected)
        {
            using (request)
            using (var response = await sender.SendAsync(request))
            {
                Assert.True(expected == response.StatusCode, $"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        HttpRequestMessage Json(string path, object body) => new(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };

        var subscription = new SubscriptionSpec("contoso-essentials", "o365-business-essentials") { Quantity = 25 };
        await SendAsync(webhooks, SignedWebhook.Of(EventBuilder.CustomerUpdated(partner, "contoso").Build().ToJsonString()).ToRequest(), HttpStatusCode.OK);
        await SendAsync(webhooks, SignedWebhook.Of(EventBuilder.SubscriptionUpdated(partner, "contoso", subscription).Build().ToJsonString()).ToRequest(), HttpStatusCode.OK);
        await SendAsync(webhooks, (SignedWebhook.Of("{}") with { Signature = "v1,AAAA" }).ToRequest(), HttpStatusCode.Unauthorized);
        await SendAsync(webhooks, (SignedWebhook.Of("{}") with { SignedAt = DateTimeOffset.UtcNow.AddHours(-1) }).ToRequest(), HttpStatusCode.Unauthorized);
        await SendAsync(webhooks, SignedWebhook.Of("""{"type":"nope"}""").ToRequest(), HttpStatusCode.BadRequest);

        await SendAsync(client, new(HttpMethod.Get, new Uri(Routes.Upgrades("contoso", "contoso-essentials"), UriKind.Relative)), HttpStatusCode.OK);
        await SendAsync(client, new(HttpMethod.Get, new Uri(Routes.Upgrades("contoso", "x' or 1 eq 1"), UriKind.Relative)), HttpStatusCode.BadRequest);
        var upgrade = Json(Routes.Upgrades("contoso", "contoso-essentials"), new { targetOffer = "o365-enterprise-e3", upgradeType = "upgrade_only", quantity = 2 });
        upgrade.Headers.Add("Idempotency-Key", "secrets-1");
        await SendAsync(client, upgrade, HttpStatusCode.Accepted);
        await SendAsync(client, Json(Routes.Upgrades("contoso", "contoso-essentials"), "{\"targetOffer\":"), HttpStatusCode.BadRequest);
        await SendAsync(client, Json(Routes.Licenses("contoso", "contoso-essentials"), new { quantity = 3 }), HttpStatusCode.OK);
        await SendAsync(client, new(HttpMethod.Get, new Uri(Routes.Operation(Guid.NewGuid().ToString()), UriKind.Relative)), HttpStatusCode.NotFound);

        using var intruder = app.CreateClient();
        intruder.DefaultRequestHeaders.Add(PartnerAuthentication.HeaderName, wrongSecret);
        await SendAsync(intruder, new(HttpMethod.Get, new Uri(Routes.Upgrades("contoso", "contoso-essentials"), UriKind.Relative)), HttpStatusCode.Unauthorized);

        await app.RunAuditAsync();
        await SendAsync(client, new(HttpMethod.Get, new Uri(Routes.Audit(), UriKind.Relative)), HttpStatusCode.OK);
    }

    /// <summary>Every log entry at every level: message, exception, structured values and scopes.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConcurrentQueue<string> _entries = new();
        private IExternalScopeProvider? _scopes;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public string Text() => string.Join("\n", _entries);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes?.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var entry = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (name, value) in values)
                    {
                        entry.Append(" | ").Append(name).Append('=').Append(value);
                    }
                }

                provider._scopes?.ForEachScope((scope, text) => text.Append(" | scope ").Append(scope), entry);
                if (exception is not null)
                {
                    entry.Append('\n').Append(exception);
                }

                provider._entries.Enqueue(entry.ToString());
            }
        }
    }
}
