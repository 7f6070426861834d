using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.IsolatedWorker;

/// <summary>
/// While the app moves from the custom handler to the isolated worker, every HTTP function that moved answers the same
/// request the same way through both: status, content type, the headers a client acts on, and the body. Both serve one
/// table; each has its own partner with the same seeded customer, so requests that change state change it alike. What
/// differs per request by nature is masked: problem details' traceId (still checked to be W3C), operation ids and
/// creation times.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class HttpParityTests(HttpParityTests.BothHostings both) : IClassFixture<HttpParityTests.BothHostings>
{
    private const string Essentials = "contoso-essentials";
    private const string Business = "contoso-business";
    private static readonly string ToE3 = """{"targetOffer":"o365-enterprise-e3","upgradeType":"upgrade_only"}""";

    private static readonly Dictionary<string, Func<string?, HttpRequestMessage>> Requests = new()
    {
        ["eligibility"] = key => Get(Routes.Upgrades("contoso", Essentials), key),
        ["eligibility without a key"] = _ => Get(Routes.Upgrades("contoso", Essentials), key: null),
        ["eligibility with a wrong key"] = _ => Get(Routes.Upgrades("contoso", Essentials), "csp_not-a-key"),
        ["eligibility of an unknown subscription"] = key => Get(Routes.Upgrades("contoso", "nothing-here"), key),
        ["eligibility with an invalid customer id"] = key => Get(Routes.Upgrades("con~toso", Essentials), key),
        ["eligibility with a 65-character subscription id"] = key => Get(Routes.Upgrades("contoso", new string('s', 65)), key),
        ["operation that does not exist"] = key => Get(Routes.Operation("op-unknown"), key),
        ["operation with an invalid id"] = key => Get(Routes.Operation("op~1"), key),
        ["operation without a key"] = _ => Get(Routes.Operation("op-unknown"), key: null),
        ["upgrade accepted with an idempotency key"] = key => Post(Routes.Upgrades("contoso", Business), key, ToE3, ("Idempotency-Key", "parity-1")),
        ["upgrade of an unknown subscription"] = key => Post(Routes.Upgrades("contoso", "nothing-here"), key, ToE3),
        ["upgrade to an offer that is not a path"] = key => Post(Routes.Upgrades("contoso", Essentials), key, """{"targetOffer":"o365-proplus","upgradeType":"upgrade_only"}"""),
        ["upgrade with malformed JSON"] = key => Post(Routes.Upgrades("contoso", Essentials), key, """{"targetOffer":"""),
        ["upgrade with a wrongly typed field"] = key => Post(Routes.Upgrades("contoso", Essentials), key, """{"targetOffer":5}"""),
        ["upgrade as text/plain"] = key => Post(Routes.Upgrades("contoso", Essentials), key, ToE3, contentType: "text/plain"),
        ["upgrade with a blank idempotency key"] = key => Post(Routes.Upgrades("contoso", Essentials), key, ToE3, ("Idempotency-Key", " ")),
        ["upgrade without a key"] = _ => Post(Routes.Upgrades("contoso", Essentials), null, ToE3),
        ["upgrade with a 20 KiB body"] = key => Post(Routes.Upgrades("contoso", Essentials), key, "{\"targetOffer\":\"" + new string('x', 20_000) + "\"}"),
        ["licenses added"] = key => Post(Routes.Licenses("contoso", Essentials), key, """{"quantity":2}"""),
        ["licenses with a malformed If-Match"] = key => Post(Routes.Licenses("contoso", Essentials), key, """{"quantity":1}""", ("If-Match", "3")),
        ["licenses past the Business seat cap"] = key => Post(Routes.Licenses("contoso", Essentials), key, """{"quantity":400}"""),
        ["licenses with a zero quantity"] = key => Post(Routes.Licenses("contoso", Essentials), key, """{"quantity":0}"""),
        ["webhook without signature headers"] = _ => Post(Routes.Webhooks, null, """{"type":"subscription.updated"}"""),
        ["webhook with a wrong signature"] = _ => Post(Routes.Webhooks, null, "{}", ("webhook-id", "evt_1"), ("webhook-timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)), ("webhook-signature", "v1,AAAA")),
        ["audit latest before any run"] = key => Get(Routes.Audit(), key),
        ["audit latest as CSV before any run"] = key => Get(Routes.Audit(), key, "text/csv"),
        ["audit with an invalid run id"] = key => Get(Routes.Audit("not~a~run"), key),
        ["audit without a key"] = _ => Get(Routes.Audit(), key: null),
        ["a path no function serves"] = key => Get("/api/no-such-thing", key),
        ["a path below a function's"] = key => Get(Routes.Operation("op-1") + "/more", key),
        ["DELETE on an operation"] = key => Send(HttpMethod.Delete, Routes.Operation("op-1"), key),
        ["PUT on upgrades"] = key => Send(HttpMethod.Put, Routes.Upgrades("contoso", Essentials), key),
        ["OPTIONS on licenses"] = key => Send(HttpMethod.Options, Routes.Licenses("contoso", Essentials), key),
    };

    public static TheoryData<string> Cases => new(Requests.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AnswersTheSameThroughTheWorkerAsThroughTheCustomHandler(string request)
    {
        using var viaCustomHandler = await both.CustomHandlerClient.SendAsync(Requests[request](both.CustomHandlerKey));
        using var viaWorker = await both.WorkerClient.SendAsync(Requests[request](both.WorkerKey));

        var customHandlerBody = await ComparableBodyAsync(viaCustomHandler);
        Assert.True(viaCustomHandler.StatusCode == viaWorker.StatusCode, $"{viaCustomHandler.StatusCode} vs {viaWorker.StatusCode}: {customHandlerBody}");
        Assert.Equal(viaCustomHandler.Content.Headers.ContentType?.ToString(), viaWorker.Content.Headers.ContentType?.ToString());
        Assert.Equal(Allow(viaCustomHandler), Allow(viaWorker));
        foreach (var header in new[] { "WWW-Authenticate", "Retry-After", "ETag" })
        {
            Assert.Equal(Header(viaCustomHandler, header), Header(viaWorker, header));
        }

        Assert.Equal(viaCustomHandler.Headers.Location is null, viaWorker.Headers.Location is null);
        Assert.Equal(customHandlerBody, await ComparableBodyAsync(viaWorker));
    }

    private static HttpRequestMessage Get(string path, string? key, string accept = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        WithKey(request, key);
        return request;
    }

    private static HttpRequestMessage Send(HttpMethod method, string path, string? key)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        WithKey(request, key);
        return request;
    }

    /// <summary>The methods in <c>Allow</c>, in any order (a content header when the answer has a body).</summary>
    private static string Allow(HttpResponseMessage response) =>
        string.Join(", ", response.Content.Headers.Allow.Concat(response.Headers.TryGetValues("Allow", out var values) ? values : []).Order(StringComparer.Ordinal));

    private static HttpRequestMessage Post(string path, string? key, string body, params (string Name, string Value)[] headers) =>
        Post(path, key, body, "application/json", headers);

    private static HttpRequestMessage Post(string path, string? key, string body, string contentType, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        WithKey(request, key);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private static void WithKey(HttpRequestMessage request, string? key)
    {
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    private static async Task<string> ComparableBodyAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (body.Length == 0 || response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) != true || JsonNode.Parse(body) is not JsonObject json)
        {
            return body;
        }

        if (json["traceId"] is { } traceId)
        {
            Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", traceId.GetValue<string>());
            json.Remove("traceId");
        }

        Mask(json);
        return json.ToJsonString();
    }

    /// <summary>Ids and times that differ per call whoever answers (operation and billing line ids, creation times).</summary>
    private static void Mask(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject json:
                foreach (var name in json.Select(property => property.Key).ToList())
                {
                    if (name is "id" or "lineId" or "createdAt")
                    {
                        json[name] = "(masked)";
                    }
                    else
                    {
                        Mask(json[name]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Mask(item);
                }

                break;
        }
    }

    /// <summary>The custom handler and the worker on one table, each with its own partner and the same seeded customer.</summary>
    public sealed class BothHostings(AzuriteFixture azurite) : IAsyncLifetime
    {
        private CspUpgradesApp _customHandler = null!;
        private WorkerApp _worker = null!;

        public HttpClient CustomHandlerClient { get; private set; } = null!;

        public HttpClient WorkerClient { get; private set; } = null!;

        public string CustomHandlerKey { get; private set; } = null!;

        public string WorkerKey { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _customHandler = new CspUpgradesApp(azurite);
            CustomHandlerClient = _customHandler.CreateClient();
            CustomHandlerKey = await SeededPartnerKeyAsync();
            WorkerKey = await SeededPartnerKeyAsync();
            _worker = await WorkerApp.StartAsync(azurite, new Dictionary<string, string> { ["Storage__TableName"] = _customHandler.TableName });
            WorkerClient = _worker.CreateClient();
        }

        public async Task DisposeAsync()
        {
            WorkerClient?.Dispose();
            CustomHandlerClient?.Dispose();
            if (_worker is not null)
            {
                await _worker.DisposeAsync();
            }

            await _customHandler.DisposeAsync();
        }

        private async Task<string> SeededPartnerKeyAsync()
        {
            var partner = await TestPartner.CreateAsync(_customHandler, "parity");
            await partner.SeedAsync(
                "contoso",
                new SubscriptionSpec(Essentials, "o365-business-essentials") { Quantity = 25 },
                new SubscriptionSpec(Business, "o365-business") { Quantity = 10 });
            return partner.Client.DefaultRequestHeaders.GetValues("X-Api-Key").Single();
        }
    }
}
