using System.Net;
using System.Text.Json;
using Azure;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Security;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;

namespace CspUpgrades.Functions.Tests.IsolatedWorker;

/// <summary>
/// An exception that escapes an HTTP function becomes the same problem details answer through the worker (its middleware)
/// as through the custom handler (its exception handler): storage trouble 503 with Retry-After, anything else 500, and
/// nothing internal in either.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class ErrorParityTests(AzuriteFixture azurite)
{
    public static TheoryData<string, HttpStatusCode, string> Failures => new()
    {
        { "storage", HttpStatusCode.ServiceUnavailable, "storage_unavailable" },
        { "storage retries exhausted", HttpStatusCode.ServiceUnavailable, "storage_unavailable" },
        { "bug", HttpStatusCode.InternalServerError, "internal_error" },
        { "bugs", HttpStatusCode.InternalServerError, "internal_error" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task AnswersAnEscapedExceptionWithTheSameProblem(string failure, HttpStatusCode status, string code)
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
        await using var customHandler = new CspUpgradesApp(azurite) { ConfigureTestServices = Fail };
        await using var worker = await WorkerApp.StartAsync(azurite, overrideServices: Fail);
        using var customHandlerClient = customHandler.CreateClient();
        using var workerClient = worker.CreateClient();
        var path = new Uri(Routes.Upgrades("contoso", "contoso-essentials"), UriKind.Relative);

        using var viaCustomHandler = await customHandlerClient.GetAsync(path);
        using var viaWorker = await workerClient.GetAsync(path);

        foreach (var response in new[] { viaCustomHandler, viaWorker })
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
            Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
        }

        Assert.Equal(viaCustomHandler.Headers.RetryAfter?.ToString(), viaWorker.Headers.RetryAfter?.ToString());
    }

    private sealed class FailingAuthenticator(Exception error) : PartnerAuthenticator(null!, null!, TimeProvider.System)
    {
        public override Task<PartnerId?> AuthenticateAsync(string? presentedKey, CancellationToken cancellationToken) => throw error;
    }
}
