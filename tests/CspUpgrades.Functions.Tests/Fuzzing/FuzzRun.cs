using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>One failed case: the request as sent, and what came back.</summary>
public sealed record FuzzFailure(int Index, FuzzRequest Request, string Reason, RawHttpResponse? Response);

/// <summary>Sends generated cases over a few keep-alive connections and checks every answer.</summary>
public static class FuzzRun
{
    private const int Connections = 4;

    public static async Task<(IReadOnlyList<FuzzFailure> Failures, TimeSpan Duration)> RunAsync(Uri server, IReadOnlyList<FuzzRequest> cases)
    {
        var failures = new List<FuzzFailure>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(async _ =>
        {
            RawHttpConnection? kept = null;
            int index;
            while ((index = Interlocked.Increment(ref next)) < cases.Count)
            {
                var request = cases[index];
                var (failure, used) = await SendAsync(server, request, index, request.NeedsOwnConnection ? null : kept);
                if (request.NeedsOwnConnection)
                {
                    await DisposeAsync(used);
                }
                else
                {
                    kept = used is { IsReusable: true } ? used : await DisposeAsync(used);
                }

                if (failure is not null)
                {
                    lock (failures)
                    {
                        failures.Add(failure);
                    }
                }
            }

            await DisposeAsync(kept);
        }));

        return (failures.OrderBy(f => f.Index).ToList(), clock.Elapsed);
    }

    /// <summary>The failure message: the seed to replay with, and each failing request as it was sent.</summary>
    public static string Describe(string endpoint, int seed, int count, IReadOnlyList<FuzzFailure> failures)
    {
        var text = new StringBuilder();
        text.Append(endpoint).Append(": ").Append(failures.Count).Append(" of ").Append(count)
            .Append(" hostile requests were answered wrongly (seed ").Append(seed)
            .Append("; replay with ").Append(FuzzSeed.Variable).Append('=').Append(seed).Append(").\n");
        foreach (var group in failures.GroupBy(f => $"[{f.Request.Class}] {f.Reason}").OrderByDescending(g => g.Count()))
        {
            text.Append("  ").Append(group.Count()).Append(" × ").Append(group.Key).Append('\n');
        }

        // The first failure of each kind, in full.
        foreach (var failure in failures.GroupBy(f => (f.Request.Class, f.Reason)).Select(g => g.First()).Take(12))
        {
            text.Append("\n#").Append(failure.Index).Append(": ").Append(failure.Reason).Append('\n').Append(failure.Request.Describe());
            if (failure.Response is { } response)
            {
                var body = response.BodyText;
                text.Append("\n  answer: ").Append(response.Status).Append(' ').Append(response.Header("Content-Type"))
                    .Append(' ').Append(body.Length > 400 ? body[..400] + "…" : body);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static async Task<(FuzzFailure? Failure, RawHttpConnection? Connection)> SendAsync(
        Uri server, FuzzRequest request, int index, RawHttpConnection? reused)
    {
        var connection = reused ?? await RawHttpConnection.OpenAsync(server);
        try
        {
            var response = await connection.SendAsync(request, server);
            var reason = AnswerCheck.Verify(request, response);
            return (reason is null ? null : new FuzzFailure(index, request, reason, response), connection);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException && reused is not null)
        {
            // A kept-alive connection the server had already closed: once more on a fresh one.
            await connection.DisposeAsync();
            return await SendAsync(server, request, index, null);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or FormatException)
        {
            await connection.DisposeAsync();
            // A body that ended before its declared length is no request at all: closing without an answer is fine.
            return (request.EndsEarly ? null : new FuzzFailure(index, request, "no proper answer: " + ex.Message, null), null);
        }
    }

    private static async Task<RawHttpConnection?> DisposeAsync(RawHttpConnection? connection)
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }

        return null;
    }
}
