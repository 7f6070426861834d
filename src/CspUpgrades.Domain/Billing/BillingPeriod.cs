using System.Text.Json.Serialization;
using CspUpgrades.Domain.Customers;

namespace CspUpgrades.Domain.Billing;

/// <summary>
/// One billing period, written the way billing systems write it: from <see cref="Start"/> to
/// <see cref="End"/>, where End is the boundary the next period starts on. It holds
/// <see cref="Days"/> = End − Start days of service, Start through the day before End.
/// A change dated Start leaves every day of the period; a change dated End (the period's end
/// date) leaves none. A change dated before Start (a term that has not begun: bought for next
/// month, or a customer east of UTC) has used nothing of it, so it too leaves every day.
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

    /// <summary>
    /// Days of service left after a change on <paramref name="changeDate"/>: End − changeDate, and never more than the
    /// period (a change before Start leaves all of it) nor less than none (a change on or after End). Total over every date.
    /// </summary>
    public int DaysRemainingFrom(DateOnly changeDate) =>
        Math.Clamp(End.DayNumber - changeDate.DayNumber, 0, Days);

    /// <summary>
    /// The period containing <paramref name="date"/> for a subscription whose periods are anchored on
    /// <paramref name="anchor"/> (its term start): monthly periods start on the anchor's day of each month
    /// (the 31st becomes the month's last day where needed), annual ones on its anniversary. A date before the
    /// anchor (the term has not started yet) belongs to the first period: that is the period a change then bills.
    /// </summary>
    public static BillingPeriod Containing(DateOnly anchor, BillingCycle cycle, DateOnly date)
    {
        // Stryker disable once Equality : equivalent — for date == anchor, moving date to the anchor changes nothing
        if (date < anchor)
        {
            date = anchor;
        }

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
