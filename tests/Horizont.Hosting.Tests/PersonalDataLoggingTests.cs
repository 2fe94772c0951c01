using Horizont.Hosting.Logging;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.Messages;
using Horizont.Tests.Shared;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Core;

namespace Horizont.Hosting.Tests;

/// <summary>
/// Redaction at the log source (ADR 0013): whatever the code hands a logger of a Horizont process, through
/// Microsoft.Extensions.Logging or Serilog, no personal value of a referral reaches a sink; ids and codes do.
/// </summary>
public sealed class PersonalDataLoggingTests
{
    [Fact]
    public async Task A_careless_log_of_a_referral_shows_its_ids_and_codes_and_no_personal_value()
    {
        var (app, log) = Build();
        await using var _ = app;
        var referral = DistinctivePerson.Referral("JGH-SEELACHS-77");
        var logger = app.Services.GetRequiredService<ILogger<PersonalDataLoggingTests>>();

        logger.LogInformation("Received {Message}", referral);
        logger.LogInformation("Received {@Message}", referral);
        logger.LogWarning("Young person {@Person}, caseworker {Caseworker}", referral.YoungPerson, referral.Caseworker);
        logger.LogInformation("Batch {@Referrals}", new List<SubmitReferral> { referral });
        using (logger.BeginScope(referral))
            logger.LogInformation("In a scope");
        Serilog.Log.Logger = new Serilog.LoggerConfiguration().RedactPersonalData().WriteTo.Sink(log).CreateLogger();
        Serilog.Log.Information("Straight to Serilog {@Message}", referral);

        DistinctivePerson.AssertNothingShown("the log", log.Lines);
        Assert.Contains(log.Lines, line => line.Contains(referral.ReferralId.ToString(), StringComparison.Ordinal) && line.Contains("JGG_15", StringComparison.Ordinal));
        Assert.Contains(log.Lines, line => line.Contains("Straight to Serilog", StringComparison.Ordinal) && line.Contains(PersonalData.Placeholder, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_exception_or_a_text_that_holds_a_name_is_written_without_it()
    {
        var (app, log) = Build();
        await using var _ = app;
        var referral = DistinctivePerson.Referral("JGH-SEELACHS-77");
        var logger = app.Services.GetRequiredService<ILogger<PersonalDataLoggingTests>>();

        // With the referral among the arguments: its values are known to the entry.
        logger.LogError(new InvalidOperationException($"No slot for {referral.YoungPerson!.GivenName} {referral.YoungPerson.FamilyName}"), "Failed {@Message}", referral);
        // While the referral is being worked on (a consumer's scope): a text built by hand, an exception of a library.
        using (PersonalValues.Push(referral))
        {
            logger.LogWarning("Guardian {Guardian} of {Name} could not be reached", referral.YoungPerson.Guardian!.Name, $"{referral.YoungPerson.FamilyName}, {referral.YoungPerson.GivenName}");
            logger.LogError(new FormatException("bad", new ArgumentException($"Aktenzeichen {referral.FileReference} born {referral.YoungPerson.DateOfBirth:dd.MM.yyyy}")), "Parsing failed");
        }

        // An e-mail address is personal wherever it appears.
        logger.LogInformation("Reminder to {Recipient}", "someone.else@example.org");

        DistinctivePerson.AssertNothingShown("the log", log.Lines);
        Assert.DoesNotContain(log.Lines, line => line.Contains("someone.else", StringComparison.Ordinal));
        Assert.Contains(log.Lines, line => line.Contains("System.InvalidOperationException: No slot for [entfernt] [entfernt]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task What_a_consumer_logs_or_throws_about_its_message_is_written_without_the_names()
    {
        var (app, log) = Build(services => services.AddMassTransitTestHarness(x =>
        {
            x.AddConsumer<CarelessConsumer>();
            x.UsingInMemory((context, cfg) => cfg.ReceiveEndpoint("careless", e =>
            {
                // As every agency endpoint: retries outside the consumer, whose entries are written after its scope closed.
                e.UseMessageRetry(r => r.Immediate(2));
                // The receive pipeline's scope around the consumer (PersonalValues.WithinAsync), without its store and addressing.
                e.UseConsumeFilter(typeof(PersonalValuesScope<>), context);
                e.ConfigureConsumer<CarelessConsumer>(context);
            }));
        }));
        await using var _ = app;
        var harness = app.Services.GetRequiredService<ITestHarness>();
        await harness.Start();
        var referral = DistinctivePerson.Referral("JGH-SEELACHS-77");

        await harness.Bus.Publish(referral);

        Assert.True(await harness.Consumed.Any<SubmitReferral>(m => m.Context.Message.ReferralId == referral.ReferralId));
        Assert.True(await harness.Published.Any<Fault<SubmitReferral>>());
        await harness.Stop();
        Assert.Contains(log.Lines, line => line.Contains("Working on", StringComparison.Ordinal));
        Assert.Contains(log.Lines, line => line.Contains("Cannot place", StringComparison.Ordinal));
        DistinctivePerson.AssertNothingShown("the log", log.Lines);
    }

    /// <summary>
    /// Every text a contract carries is either personal (<see cref="PersonalData"/>) or one of these: ids, agency ids,
    /// codes and type names, which operations needs. A new text field fails here until it is put on one side.
    /// </summary>
    private static readonly HashSet<string> s_notPersonal = new(StringComparer.Ordinal)
    {
        "SenderAgencyId", "ReceiverAgencyId", "LegalBasis", "WorkConstraints", "ReasonCode", "Outcome", "Category", "Flags", "CaseState",
        // A refusal names the refused type, the wire names of the fields at fault and why, never a value (InvalidMessageException).
        "RefusedMessageType", "Fields", "Reason",
        // Sealed personal fields (SealedFields): the scheme, which key, and ciphertext that only the two agencies can open.
        "Scheme", "KeyId", "Nonce", "Ciphertext",
    };

    [Fact]
    public void Every_text_of_the_contracts_is_classified_as_personal_or_not()
    {
        var unclassified = typeof(SubmitReferral).Assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.Namespace == typeof(SubmitReferral).Namespace)
            .SelectMany(t => PersonalData.PropertiesOf(t).Select(p => (Type: t, Property: p)))
            .Where(x => x.Property.PropertyType == typeof(string) || typeof(IEnumerable<string>).IsAssignableFrom(x.Property.PropertyType))
            .Where(x => !PersonalData.IsPersonalType(x.Type) && !PersonalData.IsPersonal(x.Property) && !s_notPersonal.Contains(x.Property.Name))
            .Select(x => $"{x.Type.Name}.{x.Property.Name}")
            .ToList();

        Assert.True(unclassified.Count == 0, "Neither personal nor known to carry no person: " + string.Join(", ", unclassified));
    }

    private static (WebApplication App, CapturedLog Log) Build(Action<IServiceCollection>? add = null)
    {
        var log = new CapturedLog();
        var builder = HorizontHost.CreateBuilder([]);
        builder.Services.AddSingleton<ILogEventSink>(log);
        builder.Configuration["Serilog:MinimumLevel:Default"] = "Verbose";
        builder.Configuration["Serilog:MinimumLevel:Override:MassTransit"] = "Verbose";
        add?.Invoke(builder.Services);
        return (builder.Build(), log);
    }

    /// <summary>What the receive pipeline does around a consumer, alone: the message's personal values in scope.</summary>
    private sealed class PersonalValuesScope<TMessage> : IFilter<ConsumeContext<TMessage>>
        where TMessage : class
    {
        public Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next) =>
            PersonalValues.WithinAsync(context.Message, () => next.Send(context));

        public void Probe(ProbeContext context) => context.CreateFilterScope("personalValues");
    }

    /// <summary>Everything a careless consumer could do with a name: log it in a text, throw it.</summary>
    private sealed class CarelessConsumer(ILogger<CarelessConsumer> logger) : IConsumer<SubmitReferral>
    {
        public Task Consume(ConsumeContext<SubmitReferral> context)
        {
            var person = context.Message.YoungPerson!;
            logger.LogInformation("Working on {Text}", $"{person.GivenName} {person.FamilyName} ({context.Message.FileReference})");
            throw new InvalidOperationException($"Cannot place {person.GivenName} {person.FamilyName}, guardian {person.Guardian?.Name}");
        }
    }
}
