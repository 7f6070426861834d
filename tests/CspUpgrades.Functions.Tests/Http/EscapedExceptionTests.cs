using System.Net;
using System.Text.Json;
using Azure;
using CspUpgrades.Functions.Security;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>
/// An exception that escapes an HTTP function becomes a problem details answer (the worker's middleware): storage trouble
/// 503 with Retry-After, anything else 500, and nothing internal in either.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class EscapedExceptionTests(AzuriteFixture azurite)
{
    public static TheoryData<string, HttpStatusCode, string, string?> Failures => new()
    {
        { "storage", HttpStatusCode.ServiceUnavailable, "storage_unavailable", "5" },
        { "storage retries exhausted", HttpStatusCode.ServiceUnavailable, "storage_unavailable", "5" },
        { "bug", HttpStatusCode.InternalServerError, "internal_error", null },
        { "bugs", HttpStatusCode.InternalServerError, "internal_error", null },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task AnswersAnEscapedExceptionWithAProblem(string failure, HttpStatusCode status, string code, string? retryAfter)
    {
        Exception error = failure switch
        {
            "storage" => new RequestFailedException(500, "secret storage detail", "InternalError", null),

            // What Azure.Core throws when every attempt ended without an answer (network timeouts, a dropped connection).
            "storage retries exhausted" => new AggregateException(
                "Retry failed after 6 tries (secret).",
                new TaskCanceledException("secret timeout"),
                new RequestFailedException("secret connection reset", new IOException("secret"))),
            "bugs" => new AggregateException(new InvalidOperationException("secret bug detail"), new TaskCanceledException("secret")),
            _ => new InvalidOperationException("secret bug detail"),
        };
        void Fail(IServiceCollection services) => services.AddSingleton<PartnerAuthenticator>(new FailingAuthenticator(error));
        await using var worker = await WorkerApp.StartAsync(azurite, overrideServices: Fail);
        using var client = worker.CreateClient();

        using var response = await client.GetAsync(new Uri(Routes.Upgrades("contoso", "contoso-essentials"), UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
        Assert.Equal(retryAfter, response.Headers.RetryAfter?.ToString());
    }

    private sealed class FailingAuthenticator(Exception error) : PartnerAuthenticator(null!, null!, TimeProvider.System)
    {
        public override Task<PartnerCaller?> AuthenticateAsync(string? presentedKey, CancellationToken cancellationToken) => throw error;
    }
}
