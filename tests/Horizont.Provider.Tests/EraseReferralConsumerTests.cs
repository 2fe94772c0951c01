using Horizont.Hosting.Retention;
using Horizont.Messages;
using Horizont.Provider.Data;
using Horizont.Provider.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Horizont.Provider.Tests;

/// <summary>The right to erasure at the provider: the Jugendamt's <c>EraseReferral</c> for one referral.</summary>
public sealed class EraseReferralConsumerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = CaseSteps.Start;
    private readonly FakeTimeProvider _time = new(Start);
    private ProviderHost _host = null!;

    public async Task InitializeAsync() => _host = await ProviderHost.StartAsync(_time);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_ended_case_is_erased_on_request_audited_and_answered_ERASED()
    {
        var id = await SeedAsync(Cases.InState(CaseState.Completed, Start));
        _time.Advance(TimeSpan.FromDays(3));

        var answer = await EraseAsync(id);

        Assert.Equal((ErasureOutcomeCodes.Erased, nameof(CaseState.Completed), Referrals.Provider, Referrals.Jugendamt),
            (answer.Outcome, answer.CaseState, answer.SenderAgencyId, answer.ReceiverAgencyId));
        var @case = await CaseRetentionTests.LoadAsync(_host, id);
        Assert.Equal(_time.GetUtcNow(), @case.ErasedAt);
        Assert.Equal(40m, @case.HoursCompleted);
        CaseRetentionTests.AssertNoPersonalData(@case);
        Assert.Contains(@case.History, h => h.Kind == CaseHistoryKinds.Erased && h.Actor == Referrals.Jugendamt);
        var row = Assert.Single(await _host.AuditAsync(id), a => a.Action == "case.erase");
        Assert.Equal((Referrals.Jugendamt, "system", Referrals.Provider, ErasureAudit.Request), (row.Actor, row.ActorKind, row.AgencyId, row.Subject));
    }

    [Fact]
    public async Task A_running_case_is_not_erased_and_the_answer_says_NOT_ENDED()
    {
        var id = await SeedAsync(Cases.InState(CaseState.InProgress, Start));

        var answer = await EraseAsync(id);

        Assert.Equal((ErasureOutcomeCodes.NotEnded, nameof(CaseState.InProgress)), (answer.Outcome, answer.CaseState));
        var @case = await CaseRetentionTests.LoadAsync(_host, id);
        Assert.Null(@case.ErasedAt);
        Assert.Equal(Referrals.FamilyName, @case.YoungPerson.FamilyName);
        Assert.DoesNotContain(await _host.AuditAsync(id), a => a.Action == "case.erase");
    }

    [Fact]
    public async Task A_second_request_finds_the_case_erased_and_changes_nothing()
    {
        var id = await SeedAsync(Cases.InState(CaseState.Withdrawn, Start));
        await EraseAsync(id);

        var second = await EraseAsync(id, expected: 2);

        Assert.Equal(ErasureOutcomeCodes.AlreadyErased, second.Outcome);
        Assert.Single(await _host.AuditAsync(id), a => a.Action == "case.erase");
    }

    private async Task<ReferralErased> EraseAsync(Guid referralId, int expected = 1)
    {
        await _host.SendAsync(new EraseReferral { ReferralId = referralId, SenderAgencyId = Referrals.Jugendamt, ReceiverAgencyId = Referrals.Provider, RequestedAt = _time.GetUtcNow() });
        var answers = await Eventually.GetAsync(async () =>
        {
            var sent = (await _host.SentAsync<ReferralErased>()).Where(a => a.ReferralId == referralId).ToList();
            return sent.Count == expected ? sent : null;
        }, "the provider's answer ReferralErased");
        return answers[^1];
    }

    private Task<Guid> SeedAsync(Case @case) => CaseRetentionTests.AddAsync(_host, @case);
}
