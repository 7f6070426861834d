using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Security;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Storage.Partners;

namespace CspUpgrades.Functions.Tests.Http.Support;

/// <summary>
/// A partner with a unique id and an API key, and the customers it seeds. Customer and subscription ids
/// can be plain ("contoso"): the partner id alone keeps them apart from every other test's.
/// </summary>
public sealed class TestPartner
{
    private readonly WorkerApp _app;

    private TestPartner(WorkerApp app, string id, HttpClient client)
    {
        _app = app;
        Id = id;
        Client = client;
    }

    public string Id { get; }

    public PartnerId PartnerId => new(Id);

    /// <summary>Sends this partner's key in X-Api-Key.</summary>
    public HttpClient Client { get; }

    /// <summary>The id of the key <see cref="Client"/> sends (the row of <c>~apikeys</c> that holds its hash), e.g. to revoke it.</summary>
    public string KeyId =>
        ApiKey.TryParse(Client.DefaultRequestHeaders.GetValues(PartnerAuthentication.HeaderName).Single(), out var key)
            ? key.KeyId
            : throw new InvalidOperationException("The client carries no API key.");

    /// <summary>The same partner calling through <paramref name="client"/> (e.g. with a bearer token instead of its key).</summary>
    public TestPartner CallingWith(HttpClient client) => new(_app, Id, client);

    public static async Task<TestPartner> CreateAsync(WorkerApp app, string name)
    {
        ArgumentNullException.ThrowIfNull(app);
        var id = NewId(name);
        return new TestPartner(app, id, await app.ClientForPartnerAsync(id));
    }

    private static string NewId(string name) => $"{name}-{Guid.NewGuid():N}"[..Math.Min(name.Length + 13, 64)];

    /// <summary>The customer's profile and subscriptions, each through a signed webhook that must be applied.</summary>
    public async Task SeedAsync(string customerId, CustomerSpec profile, params SubscriptionSpec[] subscriptions)
    {
        await ApplyAsync(EventBuilder.CustomerUpdated(Id, customerId, profile));
        foreach (var subscription in subscriptions)
        {
            await ApplyAsync(EventBuilder.SubscriptionUpdated(Id, customerId, subscription));
        }
    }

    public Task SeedAsync(string customerId, params SubscriptionSpec[] subscriptions) =>
        SeedAsync(customerId, CustomerSpec.Default, subscriptions);

    /// <summary>Posts the event signed and requires that it was applied.</summary>
    public async Task ApplyAsync(EventBuilder subscriptionEvent)
    {
        using var response = await PostEventAsync(subscriptionEvent.Build());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Seeding failed: {(int)response.StatusCode} {body}");
        Assert.Equal("applied", JsonDocument.Parse(body).RootElement.GetProperty("outcome").GetString());
    }

    private Task<HttpResponseMessage> PostEventAsync(object subscriptionEvent) => _app.PostEventAsync(subscriptionEvent);

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(new Uri(path, UriKind.Relative));

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>POSTs <paramref name="body"/> as JSON (a string is sent as it is), with optional extra headers.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, object body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = body is string text
                ? new StringContent(text, System.Text.Encoding.UTF8, "application/json")
                : JsonContent.Create(body is JsonNode node ? node : JsonSerializer.SerializeToNode(body, JsonSerializerOptions.Web)),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Client.SendAsync(request);
    }
}
