using System.Net;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.IsolatedWorker;

/// <summary>
/// While the app moves from the custom handler to the isolated worker, a function that moved answers through the worker
/// exactly as it does through the custom handler.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class HealthParityTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AnswersHealthThroughTheWorkerAsTheCustomHandlerDoes()
    {
        await using var worker = await WorkerApp.StartAsync(azurite);
        using var workerClient = worker.CreateClient();
        await using var customHandler = new CspUpgradesApp(azurite);
        using var customHandlerClient = customHandler.CreateClient();

        using var viaWorker = await workerClient.GetAsync(new Uri("api/health", UriKind.Relative));
        using var viaCustomHandler = await customHandlerClient.GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, viaWorker.StatusCode);
        Assert.Equal(viaCustomHandler.StatusCode, viaWorker.StatusCode);
        Assert.Equal(viaCustomHandler.Content.Headers.ContentType?.ToString(), viaWorker.Content.Headers.ContentType?.ToString());
        Assert.Equal(await viaCustomHandler.Content.ReadAsStringAsync(), await viaWorker.Content.ReadAsStringAsync());
    }
}
