using MassTransit;

namespace Horizont.Hosting.Logging;

/// <summary>
/// Opens a <see cref="PersonalValues"/> scope with the personal values of the message a consumer receives, so that
/// whatever is logged while it is consumed loses them; an exception that leaves the consumer carries them along
/// (<see cref="PersonalValues.Attach"/>), for the logs written after the scope has closed (retries, the move to the
/// error queue).
/// </summary>
internal sealed class PersonalValuesFilter<TMessage> : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    public async Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        using (PersonalValues.Push(context.Message))
        {
            try
            {
                await next.Send(context);
            }
            catch (Exception ex)
            {
                PersonalValues.Attach(ex);
                throw;
            }
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("personalValues");
}

/// <summary>Puts <see cref="PersonalValuesFilter{TMessage}"/> in front of every consumer of an endpoint.</summary>
internal sealed class PersonalValuesObserver : IConsumerConfigurationObserver
{
    public void ConsumerConfigured<TConsumer>(IConsumerConfigurator<TConsumer> configurator)
        where TConsumer : class
    {
    }

    public void ConsumerMessageConfigured<TConsumer, TMessage>(IConsumerMessageConfigurator<TConsumer, TMessage> configurator)
        where TConsumer : class
        where TMessage : class
    {
        if (configurator is IConsumerMessageConfigurator<TMessage> message)
            message.UseFilter(new PersonalValuesFilter<TMessage>());
    }
}
