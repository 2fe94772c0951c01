using Horizont.Hosting.Logging;
using MassTransit;

namespace Horizont.Hosting.Messaging;

/// <summary>
/// First in every agency endpoint's error pipe: removes from the fault texts (<c>MT-Fault-Message</c>,
/// <c>MT-Fault-StackTrace</c>) the personal values the receive pipeline kept with the exception
/// (<see cref="PersonalValues.WithinAsync"/>), before the message goes to the error queue. There the body holds them
/// sealed, so operations' own redaction, which reads the values from the body, could not find a name a consumer wrote
/// into its exception; the receiving agency, which opened them, can.
/// </summary>
internal sealed class FaultTextRedaction : IFilter<ExceptionReceiveContext>
{
    private static readonly string[] Texts = [MessageHeaders.FaultMessage, MessageHeaders.FaultStackTrace];

    public Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        var values = PersonalValues.AttachedTo(context.Exception).ToList();
        if (values.Count > 0)
        {
            foreach (var header in Texts)
            {
                if (context.ExceptionHeaders.TryGetHeader(header, out var value) && value is string text)
                    context.ExceptionHeaders.Set(header, PersonalValues.Scrub(text, values));
            }
        }

        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("horizontFaultTextRedaction");
}
