using Horizont.Hosting.Reminders;

namespace Horizont.Hosting.Tests;

public sealed class WorkingCalendarTests
{
    private readonly WorkingCalendar _thuringia = new("TH");

    private static DateOnly Day(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void Saturday_and_Sunday_are_not_working_days_but_Monday_is()
    {
        Assert.False(_thuringia.IsWorkingDay(Day(2026, 11, 28)));
        Assert.False(_thuringia.IsWorkingDay(Day(2026, 11, 29)));
        Assert.True(_thuringia.IsWorkingDay(Day(2026, 11, 30)));
    }

    [Fact]
    public void Three_working_days_after_a_Friday_skip_the_weekend()
    {
        Assert.Equal(Day(2026, 12, 2), _thuringia.AddWorkingDays(Day(2026, 11, 27), 3));
    }

    [Theory]
    [InlineData(2025, 10, 31)] // Reformationstag, a Friday
    [InlineData(2028, 10, 31)] // Reformationstag, a Tuesday
    [InlineData(2027, 9, 20)] // Weltkindertag, a Monday (Thuringia only, since 2019)
    [InlineData(2027, 3, 26)] // Karfreitag
    [InlineData(2027, 3, 29)] // Ostermontag
    [InlineData(2025, 12, 25)] // 1. Weihnachtstag, a Thursday
    [InlineData(2025, 12, 26)] // 2. Weihnachtstag, a Friday
    [InlineData(2027, 1, 1)] // Neujahr, a Friday
    [InlineData(2027, 5, 6)] // Christi Himmelfahrt
    public void Thuringian_public_holidays_on_weekdays_are_not_working_days(int year, int month, int day)
    {
        var date = Day(year, month, day);
        Assert.NotEqual(DayOfWeek.Saturday, date.DayOfWeek);
        Assert.NotEqual(DayOfWeek.Sunday, date.DayOfWeek);
        Assert.False(_thuringia.IsWorkingDay(date));
    }

    [Fact]
    public void A_holiday_on_a_Sunday_does_not_move_to_the_Monday()
    {
        // Tag der Deutschen Einheit 2027 is a Sunday.
        Assert.True(_thuringia.IsWorkingDay(Day(2027, 10, 4)));
    }

    [Fact]
    public void Weltkindertag_is_a_holiday_in_Thuringia_only()
    {
        Assert.False(_thuringia.IsWorkingDay(Day(2027, 9, 20)));
        Assert.True(new WorkingCalendar("BY").IsWorkingDay(Day(2027, 9, 20)));
        Assert.True(new WorkingCalendar("SN").IsWorkingDay(Day(2027, 9, 20)));
    }

    [Fact]
    public void Weltkindertag_was_a_working_day_in_Thuringia_before_2019()
    {
        Assert.True(_thuringia.IsWorkingDay(Day(2018, 9, 20)));
    }

    [Fact]
    public void Christmas_Eve_and_the_days_between_the_years_are_working_days()
    {
        Assert.True(_thuringia.IsWorkingDay(Day(2027, 12, 24)));
        Assert.True(_thuringia.IsWorkingDay(Day(2027, 12, 27)));
        Assert.True(_thuringia.IsWorkingDay(Day(2027, 12, 31)));
    }

    [Fact]
    public void Corpus_Christi_is_a_working_day_in_Thuringia_but_a_holiday_in_Bavaria()
    {
        var fronleichnam = Day(2027, 5, 27);
        Assert.Equal(DayOfWeek.Thursday, fronleichnam.DayOfWeek);
        Assert.True(_thuringia.IsWorkingDay(fronleichnam));
        Assert.False(new WorkingCalendar("BY").IsWorkingDay(fronleichnam));
    }

    [Fact]
    public void One_working_day_after_Maundy_Thursday_is_the_Tuesday_after_Easter()
    {
        Assert.Equal(Day(2027, 3, 30), _thuringia.AddWorkingDays(Day(2027, 3, 25), 1));
    }

    [Fact]
    public void A_negative_count_goes_back_over_Easter()
    {
        Assert.Equal(Day(2027, 3, 25), _thuringia.AddWorkingDays(Day(2027, 3, 30), -1));
        Assert.Equal(Day(2027, 3, 23), _thuringia.AddWorkingDays(Day(2027, 3, 30), -3));
    }

    [Fact]
    public void A_negative_count_goes_back_over_the_weekend()
    {
        Assert.Equal(Day(2026, 11, 27), _thuringia.AddWorkingDays(Day(2026, 12, 2), -3));
    }

    [Fact]
    public void Zero_working_days_is_the_day_itself_even_on_a_Sunday()
    {
        Assert.Equal(Day(2026, 11, 29), _thuringia.AddWorkingDays(Day(2026, 11, 29), 0));
    }

    [Fact]
    public void Working_days_from_a_Saturday_start_on_Monday()
    {
        Assert.Equal(Day(2026, 11, 30), _thuringia.AddWorkingDays(Day(2026, 11, 28), 1));
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("ALL")]
    [InlineData("th")]
    [InlineData("")]
    public void An_unknown_state_code_is_refused_naming_the_allowed_codes(string code)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new WorkingCalendar(code));

        Assert.Equal("federalState", ex.ParamName);
        Assert.Contains("allowed: BW, BY, BE, BB, HB, HH, HE, MV, NI, NW, RP, SL, SN, ST, SH, TH.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ALL,", ex.Message, StringComparison.Ordinal);
    }
}
