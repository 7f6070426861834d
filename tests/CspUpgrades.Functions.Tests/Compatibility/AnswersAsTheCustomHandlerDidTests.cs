using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;

namespace CspUpgrades.Functions.Tests.Compatibility;

/// <summary>
/// No caller notices the move from the custom handler to the isolated worker: each request here gets the answer the
/// custom handler gave it, recorded in <c>custom-handler-answers.json</c> at the cutover (status, content type, the headers
/// a client acts on, the body; see <see cref="RecordedAnswer"/>). A body may have gained fields since (additions a caller
/// that reads the recorded ones does not notice); none may be lost or changed. Each request is made by a new partner with
/// the same seeded customer, so answers do not depend on order. The few words changed on purpose since are listed in
/// <see cref="ChangedSinceTheCutover"/> with their reason; the recording itself stays as it was recorded.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class AnswersAsTheCustomHandlerDidTests(AnswersAsTheCustomHandlerDidTests.AppOnTheDay fixture)
    : IClassFixture<AnswersAsTheCustomHandlerDidTests.AppOnTheDay>
{
    /// <summary>The day the answers were recorded on; the app's clock stands still there.</summary>
    internal static readonly PinnedClock Today = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

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
        ["webhook with a wrong signature"] = _ => Post(Routes.Webhooks, null, "{}", ("webhook-id", "evt_1"), ("webhook-timestamp", Today.Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)), ("webhook-signature", "v1,AAAA")),
        ["audit latest before any run"] = key => Get(Routes.Audit(), key),
        ["audit latest as CSV before any run"] = key => Get(Routes.Audit(), key, "text/csv"),
        ["audit with an invalid run id"] = key => Get(Routes.Audit("not~a~run"), key),
        ["audit without a key"] = _ => Get(Routes.Audit(), key: null),
        ["health"] = _ => Get("/api/health", key: null),
        ["a path no function serves"] = key => Get("/api/no-such-thing", key),
        ["a path below a function's"] = key => Get(Routes.Operation("op-1") + "/more", key),
        ["DELETE on an operation"] = key => Send(HttpMethod.Delete, Routes.Operation("op-1"), key),
        ["PUT on upgrades"] = key => Send(HttpMethod.Put, Routes.Upgrades("contoso", Essentials), key),
        ["OPTIONS on licenses"] = key => Send(HttpMethod.Options, Routes.Licenses("contoso", Essentials), key),
    };

    /// <summary>
    /// Human-readable words of recorded answers changed on purpose since the cutover: a recorded field with the old value must
    /// now have the new one (the rest of the answer is held as recorded). Codes, statuses and headers never change here.
    /// </summary>
    private static readonly (string Field, string Recorded, string Now, string Why)[] ChangedSinceTheCutover =
    [
        ("title", "A valid API key is required.", "A valid API key or Entra ID access token is required.",
            "#35: partners may also call with Entra ID access tokens; the 401 names both ways in"),
        ("detail", "Send the partner API key in the X-Api-Key header.",
            "Send the partner API key in the X-Api-Key header; this deployment does not accept Entra ID access tokens.",
            "#35: where Entra ID is not configured the 401 says so, for a caller that sent no credential"),
    ];

    private static readonly string RecordingPath = Path.Combine(AppContext.BaseDirectory, "Compatibility", "custom-handler-answers.json");

    private static readonly Dictionary<string, RecordedAnswer> Recorded =
        JsonSerializer.Deserialize<Dictionary<string, RecordedAnswer>>(File.ReadAllText(RecordingPath))!;

    public static TheoryData<string> Cases => new(Requests.Keys);

    internal static IEnumerable<string> RequestNames => Requests.Keys;

    [Fact]
    public void EveryRequestHasARecordedAnswer() =>
        Assert.Equal(Requests.Keys.Order(StringComparer.Ordinal), Recorded.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AnswersAsTheCustomHandlerDid(string request)
    {
        var recorded = Recorded[request];
        var answer = await AnswerAsync(fixture.App, request);

        // Fields added to a body since (e.g. eligibility's previews) are not noticed by a caller that reads the old ones:
        // every recorded field must be there with its recorded value; everything else about the answer must be equal.
        Assert.Equal(recorded with { Body = "" }, answer with { Body = "" });
        Assert.True(JsonContains(AsChangedSinceTheCutover(Parse(recorded.Body)), Parse(answer.Body)), $"The answer lost or changed a recorded field.\nRecorded: {recorded.Body}\nAnswered: {answer.Body}");
    }

    private static JsonNode? AsChangedSinceTheCutover(JsonNode? recorded)
    {
        if (recorded is JsonObject body)
        {
            foreach (var (field, old, now, _) in ChangedSinceTheCutover)
            {
                if (body[field] is JsonValue value && value.TryGetValue<string>(out var text) && text == old)
                {
                    body[field] = now;
                }
            }
        }

        return recorded;
    }

    private static JsonNode? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return JsonValue.Create(body);
        }
    }

    /// <summary>Whether <paramref name="actual"/> has everything <paramref name="expected"/> has: the same values, the same
    /// array lengths and order, and every property (more properties are allowed).</summary>
    private static bool JsonContains(JsonNode? expected, JsonNode? actual) => (expected, actual) switch
    {
        (JsonObject e, JsonObject a) => e.All(property => a.ContainsKey(property.Key) && JsonContains(property.Value, a[property.Key])),
        (JsonArray e, JsonArray a) => e.Count == a.Count && e.Zip(a).All(pair => JsonContains(pair.First, pair.Second)),
        (null, null) => true,
        (null, _) or (_, null) => false,
        _ => JsonNode.DeepEquals(expected, actual),
    };

    /// <summary>
    /// The answer to <paramref name="request"/> made by a new partner with the customer every request is about, on the
    /// app's clock at <see cref="Today"/> (the answers carry dates and prorated amounts).
    /// </summary>
    internal static async Task<RecordedAnswer> AnswerAsync(WorkerApp app, string request)
    {
        var partner = await TestPartner.CreateAsync(app, "answers");
        var termStart = new DateOnly(2026, 9, 1);
        foreach (var seeding in new[]
        {
            EventBuilder.CustomerUpdated(partner.Id, "contoso"),
            EventBuilder.SubscriptionUpdated(partner.Id, "contoso", new SubscriptionSpec(Essentials, "o365-business-essentials") { Quantity = 25, TermStart = termStart, TermEnd = termStart.AddYears(1) }),
            EventBuilder.SubscriptionUpdated(partner.Id, "contoso", new SubscriptionSpec(Business, "o365-business") { Quantity = 10, TermStart = termStart, TermEnd = termStart.AddYears(1) }),
        })
        {
            using var seeded = await app.PostEventAsync(seeding.OccurredAt(Today.Now.AddMinutes(-1)).Build(), signedAt: Today.Now);
            Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);
        }

        using var client = app.CreateClient();
        using var response = await client.SendAsync(Requests[request](partner.Client.DefaultRequestHeaders.GetValues("X-Api-Key").Single()));
        return await RecordedAnswer.OfAsync(response);
    }

    internal static void PinTheClock(IServiceCollection services) => services.AddSingleton<TimeProvider>(Today);

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


    /// <summary>The app under the local host, its clock on the day the answers were recorded.</summary>
    public sealed class AppOnTheDay(AzuriteFixture azurite) : IAsyncLifetime
    {
        public WorkerApp App { get; private set; } = null!;

        public async Task InitializeAsync() => App = await WorkerApp.StartAsync(azurite, overrideServices: PinTheClock);

        public async Task DisposeAsync() => await App.DisposeAsync();
    }

    internal sealed class PinnedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
