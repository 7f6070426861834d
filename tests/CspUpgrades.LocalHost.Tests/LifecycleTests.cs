using System.Diagnostics;
using System.Net;

namespace CspUpgrades.LocalHost.Tests;

[Collection(LocalHostCollection.Name)]
public sealed class LifecycleTests(LocalHostEnvironment environment)
{
    [Fact]
    public async Task ShutdownTerminatesTheWorkerAndLeavesNoProcessBehind()
    {
        var logs = new LogCapture();
        var host = await LocalFunctionsHost.StartAsync(environment.Options(), LocalHostEnvironment.LoggerFactoryFor(logs));
        var workerId = host.WorkerProcessId!.Value;
        using var worker = Process.GetProcessById(workerId);
        var workerHttp = host.WorkerHttpUri!;

        await host.StopAsync();

        Assert.True(worker.HasExited);
        Assert.True(logs.Entries.Any(e => e.EventId.Id == 8 && Equals(e["ProcessId"], workerId)), logs.Recent());
        Assert.True(logs.Entries.Any(e => e.EventId.Id == 10 && Equals(e["ExitCode"], 0)), logs.Recent());
        Assert.DoesNotContain(logs.Entries, e => e.EventId.Id == 9);
        Assert.DoesNotContain(Process.GetProcesses(), p => p.Id == workerId);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync(workerHttp));
    }

    [Fact]
    public async Task RestartsAWorkerThatKilledItselfDuringAnHttpInvocation()
    {
        var before = environment.Host.WorkerProcessId;

        using var crash = await environment.Http.PostAsync("api/crash", null);

        Assert.Equal(HttpStatusCode.InternalServerError, crash.StatusCode);
        await environment.Logs.WaitForAsync(e => e.EventId.Id == 6 && Equals(e["ProcessId"], before), TimeSpan.FromSeconds(10), "the worker's death in the log");
        using var after = await environment.Http.GetAsync("api/echo/5");
        Assert.True(after.IsSuccessStatusCode, $"{after.StatusCode} after the restart. Recent log:{Environment.NewLine}{environment.Logs.Recent(80)}");
        Assert.NotEqual(before, environment.Host.WorkerProcessId);
        Assert.Contains(environment.Logs.Entries, e => e.EventId.Id == 13 && Equals(e["Function"], "Crash") && Equals(e["Status"], "WorkerLost"));
    }

    [Fact]
    public async Task RefusesARequestBodyOverTheConfiguredLimit()
    {
        var logs = new LogCapture();
        await using var host = await LocalFunctionsHost.StartAsync(
            environment.Options(settings: new Dictionary<string, string> { ["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"] = "1024" }),
            LocalHostEnvironment.LoggerFactoryFor(logs));
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        using var small = await client.PostAsync("api/upload", new ByteArrayContent(new byte[1000]));
        using var large = await client.PostAsync("api/upload", new ByteArrayContent(new byte[5000]));

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
    }
}
