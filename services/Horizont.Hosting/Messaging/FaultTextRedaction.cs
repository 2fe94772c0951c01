using MassTransit;

namespace Horizont.Hosting.Messaging;

/// <summary>A message as its consumer saw it, its sealed personal fields opened: kept on the receive context for <see cref="FaultTextRedaction"/>.</summary>
public sealed record OpenedMessage(object Message);

/// <summary>
/// First in every agency endpoint's error pipe: removes the opened personal values from the fault texts
/// (<c>MT-Fault-Message</c>, <c>MT-Fault-StackTrace</c>) before the message goes to the error queue. There the body holds
/// them sealed, so operations' own redaction, which reads the values from the body, could not find a name a consumer
/// wrote into its exception; the receiving agency, which opened them, can.
/// </summary>
internal sealed class FaultTextRedaction(IReadOnlySet<string> agencyIds) : IFilter<ExceptionReceiveContext>
{
    private static readonly string[] Texts = [MessageHeaders.FaultMessage, MessageHeaders.FaultStackTrace];

    public Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        if (context.TryGetPayload(out OpenedMessage? opened))
        {
            var redactor = PersonalDataRedactor.FromMessage(opened.Message, agencyIds);
            foreach (var header in Texts)
            {
                if (context.ExceptionHeaders.TryGetHeader(header, out var value) && value is string text)
                    context.ExceptionHeaders.Set(header, redactor.Redact(text));
            }
        }

        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("horizontFaultTextRedaction");
}
