using Horizont.Hosting;
using Horizont.Hosting.Validation;
using Horizont.Jugendamt.Data;
using Horizont.Messages;
using MassTransit;

namespace Horizont.Jugendamt.Consumers;

/// <summary>
/// The provider's answer to a withdrawal: <c>WITHDRAWN</c> → <c>Withdrawn</c>; <c>ALREADY_COMPLETED</c> →
/// <c>Completed</c> (the withdrawal crossed a completion, both sides end on it); <c>ALREADY_ENDED</c> keeps
/// the ended status. The outcome is kept in the ledger.
/// </summary>
internal sealed class ReferralWithdrawalAcknowledgedConsumer(ProviderEventHandler events) : IConsumer<ReferralWithdrawalAcknowledged>
{
    public Task Consume(ConsumeContext<ReferralWithdrawalAcknowledged> context)
    {
        var m = context.Message;
        EventContract.RequireCode(context, "outcome", m.Outcome, WithdrawalOutcomeCodes.All);
        var caseState = FieldErrors.Shorten(m.CaseState);

        return events.HandleAsync(context, new(m.ReferralId, m.SenderAgencyId, m.ReceiverAgencyId, m.AcknowledgedAt),
            $"Bestätigung der Beendigung ({m.Outcome}, Fall beim Träger {caseState})", referral =>
        {
            var requested = referral.Status == ReferralStatus.WithdrawalRequested;
            var ended = ReferralLifecycle.IsEnded(referral.Status);
            EventOutcome? applied = m.Outcome switch
            {
                WithdrawalOutcomeCodes.Withdrawn when requested => End(referral, ReferralStatus.Withdrawn,
                    $"Beendigung vom Träger bestätigt, wirksam ab {GermanText.Date(m.EffectiveDate)}."),
                WithdrawalOutcomeCodes.AlreadyCompleted when requested => End(referral, ReferralStatus.Completed,
                    "Beendigung kam zu spät: der Fall war beim Träger schon erledigt. Beide Seiten schließen mit erledigt ab."),
                WithdrawalOutcomeCodes.AlreadyCompleted when referral.Status == ReferralStatus.Completed => End(referral, ReferralStatus.Completed,
                    "Beendigung kam zu spät: der Fall war beim Träger schon erledigt; Stand Completed bleibt."),
                WithdrawalOutcomeCodes.AlreadyEnded when ended => End(referral, referral.Status,
                    $"Beendigung nicht nötig: der Fall war beim Träger schon beendet ({caseState}); {ReferralLifecycle.Describe(referral.Status)} bleibt."),
                _ => null,
            };
            if (applied is { } outcome)
            {
                referral.WithdrawalOutcome = m.Outcome;
                referral.WithdrawalAcknowledgedAt = m.AcknowledgedAt;
                return outcome;
            }

            if (m.Outcome == WithdrawalOutcomeCodes.AlreadyEnded && requested)
            {
                // The provider's own end (its decline) is on its way; that message ends the referral here.
                return new EventOutcome(false, "der Fall ist beim Träger schon beendet, dessen Meldung dazu (etwa die Ablehnung) steht hier noch aus", "state");
            }

            return ended ? EventOutcome.Ended(referral) : EventOutcome.DoesNotFit(referral);
        });
    }

    private static EventOutcome End(Referral referral, ReferralStatus status, string detail)
    {
        ReferralLifecycle.MoveTo(referral, status);
        return EventOutcome.Apply(detail);
    }
}
