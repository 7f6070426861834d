using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Queues;
using CspUpgrades.Testing.Azurite;
using CspUpgrades.Testing.Worker;
using Microsoft.Extensions.Logging;

namespace CspUpgrades.LocalHost.Bench;

/// <summary>
/// One worker mode against the fixture app: five starts (start → first answer, the host's own "ready" time, stop), and
/// on the last start, warmed up, sequential HTTP calls, queue messages on an idle queue and scheduled timer occurrences.
/// </summary>
internal sealed class ModeBenchmark(string storageConnection, string appDirectory, TimeProvider time, TextWriter progress)
{
    private const int Starts = 5;
    private const int WarmUpRequests = 30;
    private const int Requests = 300;
    private const int QueueMessages = 5;
    private const int TimerOccurrences = 3;
    private const string ScheduledTick = "Timer fired at ";
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    public async Task<ModeResult> RunAsync(WorkerMode mode)
    {
        var queueName = AzuriteFixture.UniqueName("bench");
        var queue = new QueueClient(storageConnection, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        List<double> firstAnswer = [], firstRequest = [], ready = [], stop = [], endToEnd = [], reported = [], invocation = [], pickup = [], lateness = [];
        for (var start = 1; start <= Starts; start++)
        {
            var events = new LogCapture(time);
            using var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Information)
                .AddFilter("Microsoft", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning).AddProvider(events));
            var clock = Stopwatch.StartNew();
            var host = await LocalFunctionsHost.StartAsync(Options(queueName) with { StartWorkerInProcess = mode.Starter() }, loggerFactory);
            try
            {
                var started = clock.Elapsed.TotalMilliseconds;
                using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
                await FirstAnswerAsync(http);
                firstAnswer.Add(clock.Elapsed.TotalMilliseconds);
                firstRequest.Add(firstAnswer[^1] - started);
                ready.Add(Number((await events.WaitForAsync(e => IsHost(e, HostLogEvents.HostReady), WaitLimit, "the host ready"))[0], "ElapsedMilliseconds"));
                if (start == Starts)
                {
                    await HttpAsync(http, events, endToEnd, reported, invocation);
                    await QueueAsync(queue, events, pickup);
                    await TimerAsync(events, lateness);
                }
            }
            catch
            {
                await host.DisposeAsync();
                throw;
            }

            clock.Restart();
            await host.DisposeAsync();
            stop.Add(clock.Elapsed.TotalMilliseconds);
            progress.WriteLine($"{mode.Name} start {start}: first answer {firstAnswer[^1]:0} ms (first GET {firstRequest[^1]:0} ms), host ready {ready[^1]:0} ms, stop {stop[^1]:0} ms");
            foreach (var problem in events.Entries.Where(e => e.Category == LocalFunctionsHost.LoggerCategory && e.Level >= LogLevel.Warning))
            {
                progress.WriteLine($"  host said: {problem}");
            }
        }

        await queue.DeleteIfExistsAsync();
        return new ModeResult(mode.Name, firstAnswer, firstRequest, ready, stop, endToEnd, reported, invocation, pickup, lateness);
    }

    private LocalHostOptions Options(string queueName) => new()
    {
        AppDirectory = appDirectory,
        Port = 0,
        SettingOverrides = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storageConnection,
            ["WorkQueue"] = queueName,
            ["TickSchedule"] = "*/2 * * * * *",
            // Once a year: the 2.5 s SlowTick stays out of the way.
            ["SlowTickSchedule"] = "0 0 0 1 1 *",
        },
    };

    private async Task FirstAnswerAsync(HttpClient http)
    {
        var deadline = time.GetUtcNow().AddSeconds(30);
        while (true)
        {
            using var response = await http.GetAsync(new Uri("api/echo/1", UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new InvalidOperationException($"GET api/echo/1 still answered {(int)response.StatusCode} 30 s after the host started.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>
    /// End to end as the client sees it; the invocation round trip as the host reports it (EventId 12's Duration, whole
    /// milliseconds, truncated) and as the time between its "Executing" and "Executed" lines (sub-millisecond).
    /// </summary>
    private static async Task HttpAsync(HttpClient http, LogCapture events, List<double> endToEnd, List<double> reported, List<double> invocation)
    {
        for (var i = 0; i < WarmUpRequests; i++)
        {
            (await http.GetAsync(new Uri($"api/echo/{i}", UriKind.Relative))).Dispose();
        }

        var before = events.Entries.Count(IsEchoDone);
        for (var i = 0; i < Requests; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync(new Uri($"api/echo/{i}", UriKind.Relative));
            await response.Content.ReadAsStringAsync();
            endToEnd.Add(clock.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }

        var done = await events.WaitForAsync(IsEchoDone, WaitLimit, "the Echo invocations' ends", before + Requests);
        var started = events.Entries.Where(e => IsHost(e, HostLogEvents.InvocationStarted)).ToDictionary(e => e["InvocationId"]!);
        foreach (var end in done.Skip(before))
        {
            reported.Add(Number(end, "DurationMilliseconds"));
            invocation.Add((end.Time - started[end["InvocationId"]!].Time).TotalMilliseconds);
        }
    }

    /// <summary>Enqueue → the host's "Executing" for that message, on an idle queue (polling at maxPollingInterval).</summary>
    private async Task QueueAsync(QueueClient queue, LogCapture events, List<double> pickup)
    {
        for (var i = 0; i < QueueMessages; i++)
        {
            var tag = Guid.NewGuid().ToString("N")[..12];
            var sent = time.GetUtcNow();
            await queue.SendMessageAsync($"ok:{tag}");
            var delivered = await events.WaitForAsync(e => e.Message.Contains($"Work {tag} delivery ", StringComparison.Ordinal), WaitLimit, $"the delivery of {tag}");
            var id = delivered[0]["InvocationId"];
            var started = await events.WaitForAsync(e => IsHost(e, HostLogEvents.InvocationStarted) && Equals(e["InvocationId"], id), WaitLimit, $"the start of {tag}'s invocation");
            pickup.Add((started[0].Time - sent).TotalMilliseconds);

            // Let the queue go idle again, so each message meets polling backed off to its maximum.
            await Task.Delay(700);
        }
    }

    /// <summary>A scheduled occurrence → the host's "Executing" for it.</summary>
    private static async Task TimerAsync(LogCapture events, List<double> lateness)
    {
        var before = events.Entries.Count(IsScheduledTick);
        var ticks = await events.WaitForAsync(IsScheduledTick, WaitLimit, "scheduled Ticks", before + TimerOccurrences);
        foreach (var tick in ticks.Skip(before))
        {
            var occurrence = DateTimeOffset.ParseExact(((string)tick["Reason"]!)[ScheduledTick.Length..], "O", CultureInfo.InvariantCulture);
            lateness.Add((tick.Time - occurrence).TotalMilliseconds);
        }
    }

    private static double Number(LogEntry e, string key) => Convert.ToDouble(e[key], CultureInfo.InvariantCulture);

    private static bool IsHost(LogEntry e, int eventId) => e.Category == LocalFunctionsHost.LoggerCategory && e.EventId.Id == eventId;

    private static bool IsEchoDone(LogEntry e) => IsHost(e, HostLogEvents.InvocationSucceeded) && Equals(e["Function"], "Echo");

    private static bool IsScheduledTick(LogEntry e) =>
        IsHost(e, HostLogEvents.InvocationStarted) && Equals(e["Function"], "Tick") && ((string)e["Reason"]!).StartsWith(ScheduledTick, StringComparison.Ordinal) && !((string)e["Reason"]!).Contains("start-up", StringComparison.Ordinal);
}
