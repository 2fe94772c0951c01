using Horizont.Messages;
using Horizont.Provider.Data;
using Horizont.Provider.Tests.Support;

namespace Horizont.Provider.Tests;

public sealed class CaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_received_referral_can_be_accepted_or_declined()
    {
        var submitted = Case.Receive(Referrals.Valid(), Guid.NewGuid(), Now);

        Assert.Equal(CaseState.Submitted, submitted.State);
        Assert.Null(submitted.WhyNot(CaseStep.Accept));
        Assert.Null(submitted.WhyNot(CaseStep.Decline));
    }

    [Fact]
    public void An_accepted_case_can_be_neither_accepted_nor_declined_again()
    {
        var accepted = Case.Receive(Referrals.Valid(), Guid.NewGuid(), Now);
        accepted.Accept(Now, "staff");

        Assert.Equal(CaseState.Accepted, accepted.State);
        Assert.Equal(Now, accepted.AcceptedAt);
        Assert.Equal("Die Zuweisung ist bereits angenommen.", accepted.WhyNot(CaseStep.Accept));
        Assert.Equal("Die Zuweisung ist bereits angenommen.", accepted.WhyNot(CaseStep.Decline));
        Assert.Throws<InvalidOperationException>(() => accepted.Decline(Now, "staff", DeclineReasonCodes.Other, null));
    }

    [Fact]
    public void A_declined_case_keeps_its_reason_and_cannot_be_accepted()
    {
        var declined = Case.Receive(Referrals.Valid(), Guid.NewGuid(), Now);
        declined.Decline(Now, "staff", DeclineReasonCodes.ConflictOfInterest, "Nachbar einer Mitarbeiterin.");

        Assert.Equal(CaseState.Declined, declined.State);
        Assert.Equal(DeclineReasonCodes.ConflictOfInterest, declined.DeclineReasonCode);
        Assert.Equal("Die Zuweisung ist bereits abgelehnt.", declined.WhyNot(CaseStep.Accept));
        Assert.Throws<InvalidOperationException>(() => declined.Accept(Now, "staff"));
    }

    [Fact]
    public void Every_step_is_written_to_the_history_without_the_free_text_note()
    {
        var declined = Case.Receive(Referrals.Valid(), Guid.NewGuid(), Now);
        declined.Decline(Now, "a.schulz", DeclineReasonCodes.NoCapacity, "Nachbar einer Mitarbeiterin.");

        Assert.Collection(declined.History,
            h => Assert.Equal(CaseHistoryKinds.ReferralReceived, h.Kind),
            h =>
            {
                Assert.Equal((CaseHistoryKinds.Declined, "a.schulz"), (h.Kind, h.Actor));
                Assert.Contains(DeclineReasonCodes.NoCapacity, h.Detail, StringComparison.Ordinal);
                Assert.DoesNotContain("Nachbar", h.Detail, StringComparison.Ordinal);
            });
    }
}
