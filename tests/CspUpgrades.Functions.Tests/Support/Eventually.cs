using System.Diagnostics;
using Xunit.Sdk;

namespace CspUpgrades.Functions.Tests.Support;

/// <summary>
/// Waits for something asynchronous (a queue, the local runner) by polling it until a deadline, and
/// fails with what it saw last. Never a fixed sleep: a fast machine finishes as soon as the condition holds.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Probes until <paramref name="done"/> holds for the probed value, and returns that value.</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string waitingFor, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > limit)
            {
                throw new XunitException($"Waited {limit.TotalSeconds:0.#} s for {waitingFor}; last seen: {Describe(value)}");
            }

            await Task.Delay(Interval);
        }
    }

    public static Task UntilAsync(Func<Task<bool>> condition, string waitingFor, TimeSpan? timeout = null) =>
        ReturnsAsync(condition, holds => holds, waitingFor, timeout);

    public static Task UntilAsync(Func<bool> condition, string waitingFor, TimeSpan? timeout = null) =>
        ReturnsAsync(() => Task.FromResult(condition()), holds => holds, waitingFor, timeout);

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Collections.IEnumerable items and not string => "[" + string.Join(", ", items.Cast<object?>()) + "]",
        _ => value.ToString() ?? string.Empty,
    };
}
