using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Customers;

namespace CspUpgrades.Domain.Tests.Billing;

public class BillingPeriodTests
{
    [Theory]
    [InlineData("2024-01-01", "2024-01-01", "2024-01-01", "2024-02-01")]
    [InlineData("2024-01-01", "2024-01-31", "2024-01-01", "2024-02-01")]
    [InlineData("2024-01-01", "2024-02-01", "2024-02-01", "2024-03-01")]
    [InlineData("2024-01-15", "2024-03-14", "2024-02-15", "2024-03-15")]
    [InlineData("2024-01-31", "2024-02-28", "2024-01-31", "2024-02-29")]   // the 31st becomes the month's last day…
    [InlineData("2024-01-31", "2024-03-30", "2024-02-29", "2024-03-31")]   // …and returns to the 31st
    [InlineData("2024-01-31", "2025-01-31", "2025-01-31", "2025-02-28")]
    public void MonthlyPeriodsStartOnTheTermStartsDayOfEachMonth(string anchor, string date, string start, string end)
    {
        var period = BillingPeriod.Containing(DateOnly.Parse(anchor), BillingCycle.Monthly, DateOnly.Parse(date));

        Assert.Equal(new BillingPeriod(DateOnly.Parse(start), DateOnly.Parse(end)), period);
    }

    [Theory]
    [InlineData("2024-03-01", "2025-02-28", "2024-03-01", "2025-03-01", 365)]
    [InlineData("2024-03-01", "2025-03-01", "2025-03-01", "2026-03-01", 365)]
    [InlineData("2023-03-01", "2024-02-29", "2023-03-01", "2024-03-01", 366)]
    public void AnnualPeriodsRunFromAnniversaryToAnniversary(string anchor, string date, string start, string end, int days)
    {
        var period = BillingPeriod.Containing(DateOnly.Parse(anchor), BillingCycle.Annual, DateOnly.Parse(date));

        Assert.Equal((DateOnly.Parse(start), DateOnly.Parse(end), days), (period.Start, period.End, period.Days));
    }

    // A term that has not started yet (bought for next month, or a customer east of UTC): a change now falls in the first period.
    [Theory]
    [InlineData("2024-01-10", "Monthly", "2024-01-09", "2024-01-10", "2024-02-10")]
    [InlineData("2024-01-10", "Monthly", "2023-06-01", "2024-01-10", "2024-02-10")]
    [InlineData("2024-01-31", "Monthly", "2024-01-30", "2024-01-31", "2024-02-29")]
    [InlineData("2024-03-01", "Annual", "2024-02-29", "2024-03-01", "2025-03-01")]
    public void ADateBeforeTheTermStartsFallsInTheFirstPeriod(string anchor, string cycle, string date, string start, string end)
    {
        var period = BillingPeriod.Containing(DateOnly.Parse(anchor), Enum.Parse<BillingCycle>(cycle), DateOnly.Parse(date));

        Assert.Equal(new BillingPeriod(DateOnly.Parse(start), DateOnly.Parse(end)), period);
    }

    [Theory]
    [InlineData("2024-01-09", 31)]   // the day before the period: nothing of it has been used
    [InlineData("2023-01-01", 31)]
    [InlineData("2024-01-10", 31)]   // its first day: all of it left
    [InlineData("2024-01-25", 16)]
    [InlineData("2024-02-10", 0)]    // its end date: nothing left
    public void DaysRemainingCountTheWholePeriodForAChangeBeforeItStarts(string changeDate, int remaining)
    {
        var period = new BillingPeriod(new DateOnly(2024, 1, 10), new DateOnly(2024, 2, 10));

        Assert.Equal(remaining, period.DaysRemainingFrom(DateOnly.Parse(changeDate)));
    }

    [Fact]
    public void APeriodMustEndAfterItStarts()
    {
        Assert.Throws<ArgumentException>(() => new BillingPeriod(new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 1)));
    }

    [Fact]
    public void ContainsItsFirstDayButNotItsEndDate()
    {
        var january = new BillingPeriod(new DateOnly(2024, 1, 1), new DateOnly(2024, 2, 1));

        Assert.True(january.Contains(new DateOnly(2024, 1, 1)));
        Assert.True(january.Contains(new DateOnly(2024, 1, 31)));
        Assert.False(january.Contains(new DateOnly(2024, 2, 1)));
        Assert.Equal(31, january.Days);
    }
}
