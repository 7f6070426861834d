namespace CspUpgrades.LocalHost.Bench;

/// <summary>
/// Every sample of one mode, in milliseconds (what the JSON keeps), and the figures the table shows.
/// <paramref name="HttpInvocationReported"/> is the host's EventId 12 Duration (whole ms, truncated);
/// <paramref name="HttpInvocation"/> the same round trip from the timestamps of its EventId 11 and 12 lines, which the
/// host overhead subtracts (the whole-ms figure would move it by up to 1 ms, as much as the overhead itself).
/// </summary>
internal sealed record ModeResult(
    string Mode,
    IReadOnlyList<double> StartToFirstAnswer,
    IReadOnlyList<double> FirstRequest,
    IReadOnlyList<double> HostReady,
    IReadOnlyList<double> Stop,
    IReadOnlyList<double> HttpEndToEnd,
    IReadOnlyList<double> HttpInvocationReported,
    IReadOnlyList<double> HttpInvocation,
    IReadOnlyList<double> QueuePickup,
    IReadOnlyList<double> TimerLateness)
{
    public double HttpEndToEndP90 => Percentiles.Of([.. HttpEndToEnd.Order()], 90);

    public double HostOverhead => Percentiles.Median(HttpEndToEnd) - Percentiles.Median(HttpInvocation);
}
