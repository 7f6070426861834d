using System.Text.Json.Serialization;
using CspUpgrades.Domain.Customers;

namespace CspUpgrades.Domain.Billing;

/// <summary>
/// One billing period, written the way billing systems write it: from <see cref="Start"/> to
/// <see cref="End"/>, where End is the boundary the next period starts on. It holds
/// <see cref="Days"/> = End − Start days of service, Start through the day before End.
/// A change dated Start leaves every day of the period; a change dated End (the period's end
/// date) leaves none.
/// </summary>
public readonly record struct BillingPeriod
{
    [JsonConstructor]
    public BillingPeriod(DateOnly start, DateOnly end)
    {
        if (end <= start)
        {
            throw new ArgumentException($"A billing period must end after it starts ({start:yyyy-MM-dd} to {end:yyyy-MM-dd}).", nameof(end));
        }

        Start = start;
        End = end;
    }

    public DateOnly Start { get; }

    public DateOnly End { get; }

    public int Days => End.DayNumber - Start.DayNumber;

    /// <summary>True for Start through the day before End: the period a change on that date falls in.</summary>
    public bool Contains(DateOnly date) => Start <= date && date < End;

    /// <summary>Days of service left after a change on <paramref name="changeDate"/>: End − changeDate.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The date is before Start or after End.</exception>
    public int DaysRemainingFrom(DateOnly changeDate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(changeDate, Start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(changeDate, End);
        return End.DayNumber - changeDate.DayNumber;
    }

    /// <summary>
    /// The period containing <paramref name="date"/> for a subscription whose periods are anchored on
    /// <paramref name="anchor"/> (its term start): monthly periods start on the anchor's day of each month
    /// (the 31st becomes the month's last day where needed), annual ones on its anniversary.
    /// </summary>
    public static BillingPeriod Containing(DateOnly anchor, BillingCycle cycle, DateOnly date)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(date, anchor);
        var step = cycle == BillingCycle.Annual ? 12 : 1;
        var index = ((date.Year - anchor.Year) * 12 + date.Month - anchor.Month) / step;
        if (anchor.AddMonths(index * step) > date)
        {
            index--;
        }

        // Each boundary is computed from the anchor, never from the previous boundary, so a 31st anchor stays the 31st.
        return new BillingPeriod(anchor.AddMonths(index * step), anchor.AddMonths((index + 1) * step));
    }
}
