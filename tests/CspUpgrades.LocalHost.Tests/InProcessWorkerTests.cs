using System.Diagnostics;
using System.Net;
using System.Text;
using CspUpgrades.LocalHost.FixtureApp;
using CspUpgrades.LocalHost.FixtureApp.Http;
using CspUpgrades.LocalHost.FixtureApp.Services;
using CspUpgrades.LocalHost.Worker;
using CspUpgrades.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace CspUpgrades.LocalHost.Tests;

/// <summary>
/// The fixture app's worker inside the test process (<see cref="LocalHostOptions.StartWorkerInProcess"/>), driven by the
/// local host over its real gRPC endpoint and HTTP port, with the test's registration overrides and its container in reach.
/// Each test runs its own host on its own work queue.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class InProcessWorkerTests(LocalHostEnvironment environment, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AnswersHttpThroughTheHostWithTheTestsRegistrationOverride()
    {
        await using var app = await StartAsync(services => services.AddSingleton<IGreeter>(new TestGreeter("hello from the test")));

        using var greeting = await app.Http.GetAsync("api/greet");
        using var echo = await app.Http.PostAsync("api/echo/7/ada?x=1", new StringContent("body"));

        Assert.Equal(HttpStatusCode.OK, greeting.StatusCode);
        Assert.Equal("hello from the test", await greeting.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, echo.StatusCode);
        var echoed = await echo.Content.ReadAsStringAsync();
        Assert.Contains("\"Id\":7", echoed, StringComparison.Ordinal);
        Assert.Contains("\"Name\":\"ada\"", echoed, StringComparison.Ordinal);
        Assert.Contains("\"Body\":\"body\"", echoed, StringComparison.Ordinal);
        Assert.Null(app.Host.WorkerProcessId);
    }

    [Fact]
    public async Task RunsAQueueMessageAndLetsTheTestReadASingletonFromTheWorkersContainer()
    {
        await using var app = await StartAsync();
        var tag = Tag();

        await app.WorkQueue.SendMessageAsync($"ok:{tag}");

        await app.Logs.WaitForAsync(e => e.Message.EndsWith($"Work {tag} done", StringComparison.Ordinal), Patience, $"Work {tag} done");
        Assert.Equal(1, app.Worker.Services.GetRequiredService<WorkLedger>().CompletedCount(tag));
        Assert.Single(app.Logs.Where(e => e.Message.Contains($"Work {tag} delivery 1 ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RetriesAFailingQueueMessageThenMovesItToThePoisonQueueAsWithAProcess()
    {
        await using var app = await StartAsync();
        var tag = Tag();

        await app.WorkQueue.SendMessageAsync($"fail:{tag}");

        await app.Logs.WaitForAsync(e => e.EventId.Id == 14 && Equals(e["Queue"], app.WorkQueueName), Patience, "the move to the poison queue");
        var deliveries = app.Logs.Where(e => e.Message.Contains($"Work {tag} delivery ", StringComparison.Ordinal));
        Assert.Equal(["1", "2", "3"], deliveries.Select(e => e.Message.Split(" delivery ")[1].Split(' ')[0]));
        var poisoned = (await environment.Queue(app.WorkQueueName + "-poison").ReceiveMessagesAsync(32)).Value;
        Assert.Contains(poisoned, m => m.Body.ToString() == $"fail:{tag}");
        Assert.Equal(0, app.Worker.Services.GetRequiredService<WorkLedger>().CompletedCount(tag));
    }

    [Fact]
    public async Task FiresATimerOnItsScheduleAndThroughTheAdminApi()
    {
        await using var app = await StartAsync();

        await app.Logs.WaitForAsync(
            e => e.EventId.Id == 11 && Equals(e["Function"], "Tick") && ((string)e["Reason"]!).StartsWith("Timer fired at", StringComparison.Ordinal),
            Patience,
            "a scheduled Tick");
        using var admin = await app.Http.PostAsync("admin/functions/Tick", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, admin.StatusCode);
        var fired = await app.Logs.WaitForAsync(
            e => e.EventId.Id == 11 && Equals(e["Function"], "Tick") && ((string)e["Reason"]!).Contains("host APIs", StringComparison.Ordinal),
            Patience,
            "the Tick the admin API fired");
        await app.Logs.WaitForAsync(
            e => Equals(e["InvocationId"], fired[0]["InvocationId"]) && e.Message.Contains("Tick past due False", StringComparison.Ordinal),
            Patience,
            "the function's view of that TimerInfo");
    }

    [Fact]
    public async Task RunsTwoAppsOneAfterTheOtherInOneProcess()
    {
        IServiceProvider first;
        await using (var app = await StartAsync(services => services.AddSingleton<IGreeter>(new TestGreeter("first"))))
        {
            Assert.Equal("first", await app.Http.GetStringAsync("api/greet"));
            first = app.Worker.Services;
        }

        await using var second = await StartAsync(services => services.AddSingleton<IGreeter>(new TestGreeter("second")));

        Assert.Equal("second", await second.Http.GetStringAsync("api/greet"));
        Assert.NotSame(first, second.Worker.Services);
    }

    [Fact]
    public async Task RunsTwoWorkersOfTheAppAtOnceEachOnItsOwnPort()
    {
        await using var one = await StartAsync(services => services.AddSingleton<IGreeter>(new TestGreeter("one")));
        await using var two = await StartAsync(services => services.AddSingleton<IGreeter>(new TestGreeter("two")));

        var answers = await Task.WhenAll(
            Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? one : two).Http.GetStringAsync("api/greet")));

        Assert.Equal(Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? "one" : "two"), answers);
        Assert.NotEqual(one.Worker.HttpUri.Port, two.Worker.HttpUri.Port);
    }

    [Fact]
    public async Task RefusesAWorkerOfAnotherAppWhileOneRunsAndSaysWhy()
    {
        var copy = CopyOfTheFixtureApp();
        try
        {
            await using var running = await StartAsync();

            var refused = await Assert.ThrowsAsync<WorkerUnavailableException>(() => StartAsync(appDirectory: copy));

            Assert.Contains("FUNCTIONS_APPLICATION_DIRECTORY", refused.Message, StringComparison.Ordinal);
            Assert.Contains(copy, refused.Message, StringComparison.Ordinal);
            Assert.Equal("hello from the fixture", await running.Http.GetStringAsync("api/greet"));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public async Task RestartsAnInProcessWorkerThatStoppedWithANewContainer()
    {
        await using var app = await StartAsync();
        var before = app.Worker.Services;

        before.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        await app.Logs.WaitForAsync(e => e.EventId.Id == 6, Patience, "the supervisor noticing the worker stopped");
        await app.Logs.WaitForAsync(e => e.EventId.Id == 5, Patience, "a second worker ready", 2);
        Assert.Equal("hello from the fixture", await app.Http.GetStringAsync("api/greet"));
        Assert.Equal(1, app.Host.WorkerRestarts);
        Assert.NotSame(before, app.Worker.Services);
    }

    [Fact]
    public async Task StopsCleanlyThroughWorkerTerminateAndLeavesNothingRunning()
    {
        var app = await StartAsync();
        Assert.Equal("hello from the fixture", await app.Http.GetStringAsync("api/greet"));
        var workerHttp = app.Worker.HttpUri;

        var stopwatch = Stopwatch.StartNew();
        await app.DisposeAsync();
        output.WriteLine($"stop took {stopwatch.ElapsedMilliseconds} ms");

        var hostEvents = app.Logs.Where(e => e.Category == LocalFunctionsHost.LoggerCategory);
        Assert.Contains(hostEvents, e => e.EventId.Id == 8);
        Assert.Contains(hostEvents, e => e.EventId.Id == 10 && Equals(e["ExitCode"], 0));
        Assert.DoesNotContain(hostEvents, e => e.EventId.Id is 6 or 9 or 24);
        foreach (var line in hostEvents.Where(e => e.EventId.Id is 8 or 10 or 20))
        {
            output.WriteLine(line.ToString());
        }
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync(workerHttp));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync(new Uri(app.Host.BaseAddress, "api/greet")));
    }

    [Fact]
    public async Task FiresNoTriggerOfADisabledFunction()
    {
        await using var app = await StartAsync(settings: new Dictionary<string, string> { ["AzureWebJobs.Work.Disabled"] = "true", ["AzureWebJobs.Greet.Disabled"] = "1" });
        var tag = Tag();

        await app.WorkQueue.SendMessageAsync($"ok:{tag}");
        using var greet = await app.Http.GetAsync("api/greet");
        using var admin = await app.Http.PostAsync("admin/functions/Work", new StringContent($$"""{"input":"ok:{{tag}}"}""", Encoding.UTF8, "application/json"));
        using var echo = await app.Http.GetAsync("api/echo/1");

        Assert.Equal(HttpStatusCode.NotFound, greet.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, admin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, echo.StatusCode);
        Assert.Equal(["Greet", "Work"], app.Logs.Where(e => e.EventId.Id == 25).Select(e => (string)e["Function"]!).Order());

        // Several polling intervals (500 ms in the fixture's host.json): the message is still there, never delivered.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single((await app.WorkQueue.PeekMessagesAsync(32)).Value, m => m.Body.ToString() == $"ok:{tag}");
        Assert.DoesNotContain(app.Logs.Entries, e => e.Message.Contains($"Work {tag} delivery", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnswersNotFoundForADisabledFunctionsRouteEvenWhereACatchAllRouteWouldMatch()
    {
        await using var app = await StartAsync(settings: new Dictionary<string, string> { ["AzureWebJobs.Greet.Disabled"] = "true" });

        using var greet = await app.Http.GetAsync("api/greet");
        using var elsewhere = await app.Http.GetAsync("api/greet/elsewhere");

        // As the Functions host: a disabled function keeps its route and answers an empty 404 there, so the catch-all
        // (GreetFallback, every method) does not get the request in its place.
        Assert.Equal(HttpStatusCode.NotFound, greet.StatusCode);
        Assert.Empty(await greet.Content.ReadAsStringAsync());
        Assert.Equal(GreetFallbackFunction.Answer, await elsewhere.Content.ReadAsStringAsync());
    }

    private async Task<InProcessApp> StartAsync(Action<IServiceCollection>? overrides = null, string? appDirectory = null, Dictionary<string, string>? settings = null)
    {
        var queueName = AzuriteFixture.UniqueName("inproc");
        await environment.Queue(queueName).CreateIfNotExistsAsync();
        var worker = new InProcessWorkerApp(typeof(FixtureApplication).Assembly, FixtureApplication.CreateBuilder, overrides);
        var logs = new LogCapture();
        var values = new Dictionary<string, string>(settings ?? []) { ["WorkQueue"] = queueName };
        var options = environment.Options(settings: values) with
        {
            StartWorkerInProcess = worker.StartAsync,
        };
        if (appDirectory is not null)
        {
            options = options with { AppDirectory = appDirectory };
        }

        var host = await LocalFunctionsHost.StartAsync(options, LocalHostEnvironment.LoggerFactoryFor(logs));
        return new InProcessApp(host, worker, logs, environment.Queue(queueName), queueName);
    }

    private static string CopyOfTheFixtureApp()
    {
        var copy = Path.Combine(Path.GetTempPath(), "fixture-copy-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var file in Directory.EnumerateFiles(LocalHostEnvironment.FixtureAppDirectory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(LocalHostEnvironment.FixtureAppDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    private static string Tag() => Guid.NewGuid().ToString("N")[..12];

    private sealed record TestGreeter(string Greeting) : IGreeter;

    private sealed class InProcessApp(LocalFunctionsHost host, InProcessWorkerApp worker, LogCapture logs, Azure.Storage.Queues.QueueClient workQueue, string workQueueName) : IAsyncDisposable
    {
        public LocalFunctionsHost Host { get; } = host;

        public InProcessWorkerApp Worker { get; } = worker;

        public LogCapture Logs { get; } = logs;

        public Azure.Storage.Queues.QueueClient WorkQueue { get; } = workQueue;

        public string WorkQueueName { get; } = workQueueName;

        public HttpClient Http { get; } = new() { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Host.DisposeAsync();
        }
    }
}
