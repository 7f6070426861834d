namespace CspUpgrades.LocalHost.Tests;

public sealed class TimerScheduleTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("*/2 * * * * *", "2026-12-02T12:00:02+00:00")]
    [InlineData("0 */5 * * * *", "2026-12-02T12:05:00+00:00")]
    [InlineData("0 0 2 * * *", "2026-12-03T02:00:00+00:00")]
    [InlineData("30 * * * *", "2026-12-02T12:30:00+00:00")]
    [InlineData("00:00:10", "2026-12-02T12:00:10+00:00")]
    public void ComputesTheNextOccurrenceInUtc(string expression, string expected)
    {
        Assert.True(TimerSchedule.TryParse(expression, out var schedule, out var error), error);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), schedule!.Next(Noon));
    }

    [Theory]
    [InlineData("61 * * * * *")]
    [InlineData("* * *")]
    [InlineData("-00:00:01")]
    [InlineData("daily")]
    public void RefusesWhatTheHostRefuses(string expression)
    {
        Assert.False(TimerSchedule.TryParse(expression, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
