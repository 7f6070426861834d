using System.Diagnostics;

namespace CspUpgrades.Bench;

/// <summary>
/// N callers, each issuing its next call as soon as the last one answered (a closed loop), for a warm-up that is
/// not recorded and then a measured window. Any failed call fails the run: a benchmark of errors measures nothing.
/// </summary>
internal static class ClosedLoopLoad
{
    public static async Task<LoadResult> RunAsync(int callers, TimeSpan warmUp, TimeSpan measured, Func<Random, Task> call)
    {
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var stopAt = measureFrom + (long)(measured.TotalSeconds * Stopwatch.Frequency);
        var lastEnd = measureFrom;
        var latencies = new List<double>[callers];
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var random = new Random(caller + 1);
            var mine = latencies[caller] = [];
            while (true)
            {
                var begun = Stopwatch.GetTimestamp();
                if (begun >= stopAt)
                {
                    break;
                }

                await call(random);
                var ended = Stopwatch.GetTimestamp();
                if (begun >= measureFrom)
                {
                    mine.Add(Stopwatch.GetElapsedTime(begun, ended).TotalMilliseconds);
                    InterlockedMax(ref lastEnd, ended);
                }
            }
        })));

        var all = latencies.SelectMany(list => list).Order().ToList();
        var seconds = Stopwatch.GetElapsedTime(measureFrom, lastEnd).TotalSeconds;
        return new LoadResult(callers, all.Count, seconds > 0 ? all.Count / seconds : 0,
            Percentiles.Of(all, 50), Percentiles.Of(all, 95), Percentiles.Of(all, 99));
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
