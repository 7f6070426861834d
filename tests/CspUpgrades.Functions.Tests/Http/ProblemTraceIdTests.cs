using System.Net;
using System.Net.Http.Headers;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>
/// Every problem details answer is JSON with a <c>traceId</c>, whatever the request's <c>Accept</c> says (docs/API.md,
/// "Errors"): a partner quotes the trace id to support, and a CSV or HTML client gets it too.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class ProblemTraceIdTests(HttpAppFixture fixture) : IClassFixture<HttpAppFixture>
{
    public static TheoryData<string, string, bool, HttpStatusCode, string> Cases()
    {
        var data = new TheoryData<string, string, bool, HttpStatusCode, string>();
        foreach (var accept in new[] { "text/csv", "text/plain", "text/html", "application/xml", "application/json", "*/*" })
        {
            data.Add(accept, Routes.Audit(), false, HttpStatusCode.Unauthorized, "unauthorized");
            data.Add(accept, Routes.Audit("not~a~run"), true, HttpStatusCode.BadRequest, "invalid_request");
            data.Add(accept, Routes.Upgrades("contoso", "nothing-here"), true, HttpStatusCode.NotFound, "not_found");
            data.Add(accept, "/api/no-such-thing", true, HttpStatusCode.NotFound, "not_found");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AProblemCarriesItsTraceIdWhateverTheRequestAccepts(string accept, string path, bool withKey, HttpStatusCode status, string code)
    {
        var partner = await fixture.NewPartnerAsync();
        using var client = withKey ? null : fixture.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));

        using var response = await (client ?? partner.Client).SendAsync(request);

        var problem = await ProblemAssert.IsAsync(response, status, code);
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$", problem.GetProperty("traceId").GetString());
    }

    // docs/API.md: a code's title is fixed, whether a handler or the route catch-all answers it.
    [Fact]
    public async Task ARouteNoFunctionServesAndAnUnknownSubscriptionAreTheSameNotFound()
    {
        var partner = await fixture.NewPartnerAsync();

        using var routeMiss = await partner.GetAsync("/api/no-such-thing");
        using var unknown = await partner.GetAsync(Routes.Upgrades("contoso", "nothing-here"));

        var (missed, notThere) = (await ProblemAssert.IsAsync(routeMiss, HttpStatusCode.NotFound, "not_found"), await ProblemAssert.IsAsync(unknown, HttpStatusCode.NotFound, "not_found"));
        Assert.Equal(notThere.GetProperty("title").GetString(), missed.GetProperty("title").GetString());
    }
}
