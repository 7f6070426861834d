using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CspUpgrades.LocalHost.Tests;

[Collection(LocalHostCollection.Name)]
public sealed class HttpTriggerTests(LocalHostEnvironment environment)
{
    private static readonly string[] FixtureFunctions = ["Tick", "SlowTick", "Work", "Echo", "Greet", "Throw", "Crash", "Slow", "Upload", "Download", "GreetFallback"];

    [Fact]
    public async Task ReportsReadyOnlyAfterEveryFunctionLoaded()
    {
        var entries = environment.Logs.Entries;
        var ready = entries.First(e => e.EventId.Id == 5);
        var loadedBeforeReady = entries.TakeWhile(e => e != ready).Where(e => e.EventId.Id == 4).Select(e => (string)e["Function"]!).ToList();

        Assert.Equal(FixtureFunctions.Order(), loadedBeforeReady.Order());
        Assert.Equal(FixtureFunctions.Length, ready["FunctionCount"]);
        var status = await environment.Http.GetFromJsonAsync<JsonElement>("admin/host/status");
        Assert.Equal("Running", status.GetProperty("state").GetString());
    }

    [Fact]
    public void ReportsEachStepOfAWorkerStartInOrder()
    {
        var entries = environment.Logs.Entries.Where(e => e.Category == LocalFunctionsHost.LoggerCategory).ToList();
        var starting = entries.First(e => e.EventId.Id == 2);
        var worker = starting["WorkerId"];

        var steps = entries.SkipWhile(e => e != starting)
            .Where(e => e.EventId.Id is 2 or 26 or 3 or 5 && Equals(e["WorkerId"], worker))
            .Select(e => e.EventId.Id)
            .Take(4);

        // Starting (process spawned) → stream opened (StartStream) → connected (WorkerInitResponse) → ready.
        Assert.Equal([2, 26, 3, 5], steps);
    }

    [Fact]
    public async Task RoundTripsRouteValuesQueryHeadersBodyAndStatus()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/echo/42/alice?colour=green&status=201")
        {
            Content = new StringContent("hello body", Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("x-fixture-trace", "abc");

        using var response = await environment.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("yes", response.Headers.GetValues("x-fixture-echo").Single());
        var echo = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("POST", echo.GetProperty("Method").GetString());
        Assert.Equal(42, echo.GetProperty("Id").GetInt32());
        Assert.Equal("alice", echo.GetProperty("Name").GetString());
        Assert.Equal("green", echo.GetProperty("Query").GetProperty("colour").GetString());
        Assert.Equal("abc", echo.GetProperty("Headers").GetProperty("x-fixture-trace").GetString());
        Assert.Equal("hello body", echo.GetProperty("Body").GetString());
    }

    [Fact]
    public async Task BindsAnOptionalRouteValueThatIsAbsent()
    {
        var echo = await environment.Http.GetFromJsonAsync<JsonElement>("api/echo/7");

        Assert.Equal(7, echo.GetProperty("Id").GetInt32());
        Assert.Equal(JsonValueKind.Null, echo.GetProperty("Name").ValueKind);
    }

    [Theory]
    [InlineData("GET", "api/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("GET", "api/echo/not-a-number", HttpStatusCode.NotFound)]
    [InlineData("GET", "echo/1", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "api/echo/1", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "api/upload", HttpStatusCode.MethodNotAllowed)]
    public async Task AnswersLikeTheHostForRoutesAndMethodsNoFunctionHas(string method, string path, HttpStatusCode expected)
    {
        using var response = await environment.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task AnswersInternalServerErrorWithoutDetailWhenTheFunctionThrows()
    {
        using var response = await environment.Http.GetAsync("api/throw");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("fixture secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        await environment.Logs.WaitForAsync(
            e => e.EventId.Id == 13 && (string?)e["Function"] == "Throw" && ((string)e["Error"]!).Contains("fixture secret", StringComparison.Ordinal),
            TimeSpan.FromSeconds(5),
            "the failure in the host's log");
    }

    [Fact]
    public async Task StreamsARequestBodyOfUnknownLengthToTheFunction()
    {
        const int size = 3 * 1024 * 1024;
        using var content = new StreamContent(new ChunkedStream(size));

        using var response = await environment.Http.PostAsync("api/upload", content);

        Assert.Null(content.Headers.ContentLength);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(size, answer.GetProperty("length").GetInt64());
    }

    [Fact]
    public async Task StreamsAResponseTheFunctionWritesInPieces()
    {
        using var response = await environment.Http.GetAsync("api/download/500", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        Assert.Null(response.Content.Headers.ContentLength);
        Assert.Equal(500, lines.Count);
        Assert.Equal("line 499", lines[^1]);
    }

    [Fact]
    public async Task CancelsTheInvocationWhenTheClientDisconnects()
    {
        var tag = Guid.NewGuid().ToString("N");
        using var impatient = new HttpClient { BaseAddress = environment.Host.BaseAddress, Timeout = TimeSpan.FromMilliseconds(800) };

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.GetAsync($"api/slow/20000?tag={tag}"));

        await environment.Logs.WaitForAsync(e => e.Message.Contains($"Slow {tag} cancelled", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the function seeing its cancellation");
        Assert.Single(environment.Logs.Where(e => e.EventId.Id == 18 && (string?)e["Function"] == "Slow"), e => ((string)e["Reason"]!).Contains("disconnected", StringComparison.Ordinal));
        Assert.Empty(environment.Logs.Where(e => e.Message.Contains($"Slow {tag} finished", StringComparison.Ordinal)));
        await environment.Logs.WaitForAsync(
            e => e.EventId.Id == 13 && Equals(e["Function"], "Slow") && ((string)e["Error"]!).Contains("TaskCanceledException", StringComparison.Ordinal),
            TimeSpan.FromSeconds(5),
            "the invocation ending in the function's cancellation");
    }

    [Fact]
    public async Task RefusesAnHttpFunctionOnTheAdminApiAndAnswersNotFoundForAnUnknownFunction()
    {
        using var http = await environment.Http.PostAsJsonAsync("admin/functions/Echo", new { input = "x" });
        using var unknown = await environment.Http.PostAsJsonAsync("admin/functions/NoSuchFunction", new { input = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, http.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>A readable stream of <c>length</c> bytes without a known length, so HttpClient sends it chunked.</summary>
    private sealed class ChunkedStream(int length) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, length - _position);
            buffer.AsSpan(offset, n).Fill((byte)'x');
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
