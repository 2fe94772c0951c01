using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Tests.Support;
using Horizont.Messages;

namespace Horizont.Jugendamt.Tests;

/// <summary>
/// The provider's flags that change with time alone (<c>AT_RISK</c>, <c>OVERDUE</c>): shown until a newer statement
/// (a flags status or an hours report) replaces them; the status stays, and an ended referral keeps none.
/// </summary>
public sealed class CaseFlagsChangedConsumerTests : IAsyncLifetime
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private JugendamtHost _host = null!;
    private Guid _id;

    public async Task InitializeAsync()
    {
        _host = await JugendamtHost.StartAsync();
        _id = await _host.SubmitReferralAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_flags_change_applies_AT_RISK_to_a_referral_in_progress_and_keeps_its_status()
    {
        await StartFromAsync(ReferralStatus.InProgress);

        var messageId = await _host.DeliverAsync(TestEvents.FlagsChanged(_id, TestEvents.At, CaseFlagCodes.AtRisk));

        var referral = await ReferralAsync();
        Assert.Equal([CaseFlagCodes.AtRisk], referral.Flags);
        Assert.Equal(TestEvents.At, referral.FlagsReportedAt);
        Assert.Equal(ReferralStatus.InProgress, referral.Status);
        var history = (await _host.HistoryAsync(_id)).Single(h => h.MessageId == messageId);
        Assert.Equal(nameof(CaseFlagsChanged), history.Kind);
        Assert.Equal("horizont-ev", history.Actor);
        Assert.Contains("AT_RISK", history.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_flags_change_clears_the_flags()
    {
        await StartFromAsync(ReferralStatus.InProgress, r => r.Flags = [CaseFlagCodes.AtRisk, CaseFlagCodes.Overdue]);

        await _host.DeliverAsync(TestEvents.FlagsChanged(_id, TestEvents.At));

        var referral = await ReferralAsync();
        Assert.Empty(referral.Flags);
        Assert.Equal(ReferralStatus.InProgress, referral.Status);
    }

    [Fact]
    public async Task A_flags_statement_older_than_an_applied_hours_report_is_not_applied()
    {
        await StartFromAsync(ReferralStatus.Placed);
        await _host.DeliverAsync(TestEvents.Hours(_id, 12.5m, TestEvents.At + Hour, CaseFlagCodes.AtRisk));

        var messageId = await _host.DeliverAsync(TestEvents.FlagsChanged(_id, TestEvents.At, CaseFlagCodes.Overdue));

        var referral = await ReferralAsync();
        Assert.Equal([CaseFlagCodes.AtRisk], referral.Flags);
        Assert.Equal(TestEvents.At + Hour, referral.FlagsReportedAt);
        Assert.Equal(ReferralStatus.InProgress, referral.Status);
        var history = (await _host.HistoryAsync(_id)).Single(h => h.MessageId == messageId);
        Assert.Contains("nicht übernommen", history.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flags_statement_newer_than_the_hours_report_replaces_its_flags()
    {
        await StartFromAsync(ReferralStatus.Placed);
        await _host.DeliverAsync(TestEvents.Hours(_id, 12.5m, TestEvents.At, CaseFlagCodes.AtRisk));

        await _host.DeliverAsync(TestEvents.FlagsChanged(_id, TestEvents.At + Hour, CaseFlagCodes.Overdue));

        var referral = await ReferralAsync();
        Assert.Equal([CaseFlagCodes.Overdue], referral.Flags);
        Assert.Equal(TestEvents.At + Hour, referral.FlagsReportedAt);
    }

    [Fact]
    public async Task An_hours_report_older_than_an_applied_flags_statement_keeps_the_flags_but_counts_its_hours()
    {
        await StartFromAsync(ReferralStatus.Placed);
        await _host.DeliverAsync(TestEvents.FlagsChanged(_id, TestEvents.At + Hour, CaseFlagCodes.Overdue));

        await _host.DeliverAsync(TestEvents.Hours(_id, 20m, TestEvents.At, CaseFlagCodes.AtRisk));

        var referral = await ReferralAsync();
        Assert.Equal([CaseFlagCodes.Overdue], referral.Flags);
        Assert.Equal(20m, referral.HoursCompleted);
        Assert.Equal(ReferralStatus.InProgress, referral.Status);
    }

    [Fact]
    public async Task A_completed_referral_keeps_no_flags_when_a_flags_change_arrives_after_the_completion()
    {
        await StartFromAsync(ReferralStatus.InProgress, r => r.Flags = [CaseFlagCodes.Overdue]);
        await _host.DeliverAsync(TestEvents.Completed(_id, TestEvents.At));

        var messageId = await _host.DeliverAsync(TestEvents.FlagsChanged(_id, TestEvents.At + Hour, CaseFlagCodes.AtRisk));

        var referral = await ReferralAsync();
        Assert.Empty(referral.Flags);
        Assert.Equal(ReferralStatus.Completed, referral.Status);
        var history = (await _host.HistoryAsync(_id)).Single(h => h.MessageId == messageId);
        Assert.Contains("bereits beendet", history.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flags_change_with_an_unknown_code_is_refused_and_changes_nothing()
    {
        await StartFromAsync(ReferralStatus.InProgress, r => r.Flags = [CaseFlagCodes.AtRisk]);

        var messageId = await _host.SendEventAsync(TestEvents.FlagsChanged(_id, TestEvents.At, "SOMETHING_ELSE"));

        Assert.NotNull((await _host.Consumed.Consumed(messageId))[0]);
        Assert.Equal([CaseFlagCodes.AtRisk], (await ReferralAsync()).Flags);
        Assert.DoesNotContain(await _host.HistoryAsync(_id), h => h.MessageId == messageId);
    }

    private Task StartFromAsync(ReferralStatus status, Action<Referral>? more = null) =>
        _host.UpdateReferralAsync(_id, r =>
        {
            r.Status = status;
            more?.Invoke(r);
        });

    private async Task<Referral> ReferralAsync() => (await _host.ReferralAsync(_id))!;
}
