using System.Globalization;
using NCrontab;

namespace CspUpgrades.LocalHost;

/// <summary>
/// A timer trigger's schedule as the Functions host reads it: an NCRONTAB expression with seconds (six fields,
/// <c>{second} {minute} {hour} {day} {month} {day-of-week}</c>) or without (five), or a constant interval
/// (<c>hh:mm:ss</c>). Occurrences are computed in UTC.
/// </summary>
internal abstract class TimerSchedule
{
    public abstract string Expression { get; }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public abstract DateTimeOffset Next(DateTimeOffset after);

    public static bool TryParse(string expression, out TimerSchedule? schedule, out string? error)
    {
        schedule = null;
        error = null;
        var trimmed = expression.Trim();
        var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is 5 or 6)
        {
            var parsed = CrontabSchedule.TryParse(trimmed, new CrontabSchedule.ParseOptions { IncludingSeconds = fields.Length == 6 });
            if (parsed is null)
            {
                error = $"'{expression}' is not a valid NCRONTAB expression";
                return false;
            }

            schedule = new Cron(trimmed, parsed);
            return true;
        }

        if (fields.Length == 1 && TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var interval))
        {
            if (interval <= TimeSpan.Zero)
            {
                error = $"the interval '{expression}' must be positive";
                return false;
            }

            schedule = new Constant(trimmed, interval);
            return true;
        }

        error = $"'{expression}' is neither an NCRONTAB expression (six fields with seconds, or five) nor an interval (hh:mm:ss)";
        return false;
    }

    private sealed class Cron(string expression, CrontabSchedule schedule) : TimerSchedule
    {
        public override string Expression => expression;

        public override DateTimeOffset Next(DateTimeOffset after)
        {
            var next = schedule.GetNextOccurrence(after.UtcDateTime);
            return new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc));
        }
    }

    private sealed class Constant(string expression, TimeSpan interval) : TimerSchedule
    {
        public override string Expression => expression;

        public override DateTimeOffset Next(DateTimeOffset after) => after + interval;
    }
}
