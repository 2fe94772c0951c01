using Horizont.Hosting.Data;
using Horizont.Hosting.Partners;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;

namespace Horizont.Hosting.Reminders;

/// <summary>The reminder machinery of one service, registered with one call from its <c>Add&lt;Service&gt;</c>.</summary>
public static class ReminderRegistration
{
    /// <summary>
    /// Options (<c>Reminders</c>, <c>Smtp</c>, validated at start), the planner and its save-time replanning of
    /// <typeparamref name="TSubject"/>, and a Quartz scheduler of the service's own with a persistent store in the
    /// service's database (SQLite; PostgreSQL clustered, so several instances share the work) that runs the sweep
    /// every <c>Reminders__SweepInterval</c> and the mail job after each sweep that raised something.
    /// </summary>
    /// <param name="builder">The service's host builder.</param>
    /// <param name="side">Which rules run here.</param>
    /// <param name="agency">The agency this service is; its federal state decides the working days.</param>
    /// <param name="connectionName">The store's connection name, as given to <c>AddHorizontStore</c>.</param>
    /// <param name="defaultFileName">The store's SQLite file name, as given to <c>AddHorizontStore</c>.</param>
    /// <param name="casePath">Path of a case for links, with <c>{id}</c> for the referral id.</param>
    public static WebApplicationBuilder AddHorizontReminders<TContext, TSubject, TSubjects>(
        this WebApplicationBuilder builder, ReminderSide side, Partner agency, string connectionName, string defaultFileName, string casePath)
        where TContext : DbContext
        where TSubject : class
        where TSubjects : class, IReminderSubjects<TSubject>
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        // Strict binding: the binder drops a dictionary entry it cannot convert (a rule's After of "P14D") without a word.
        services.AddOptions<ReminderOptions>().BindConfiguration(ReminderOptions.Section, Strict).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReminderOptions>, ValidateReminderOptions>());

        // The teams this side's enabled rules write to must have recipients once a mail server is set.
        var settings = ReadNow(configuration);
        var rules = side == ReminderSide.Provider ? ReminderCatalogue.Provider : ReminderCatalogue.Jugendamt;
        var teams = rules.Where(r => settings.For(r).Enabled).Select(r => r.Team).Distinct().ToList();
        services.AddSmtp(teams);

        if (string.IsNullOrWhiteSpace(agency.FederalState))
        {
            throw new OptionsValidationException(PartnerDirectory.Section, typeof(Partner),
                [$"Partner '{agency.Id}' has no FederalState; its reminders count working days by the public holidays of that state (e.g. TH)."]);
        }

        WorkingCalendar calendar;
        try
        {
            calendar = new WorkingCalendar(agency.FederalState);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new OptionsValidationException(PartnerDirectory.Section, typeof(Partner), [$"Partner '{agency.Id}': FederalState {ex.Message}"]);
        }

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ReminderOptions>>().Value;
            return new ReminderSetup<TContext>(side, new ReminderTiming(options, calendar, side), options.LinkBaseUrl, casePath);
        });
        services.AddSingleton<IReminderSubjects<TSubject>, TSubjects>();
        services.AddSingleton(sp => new ReminderPlanner<TSubject>(
            sp.GetRequiredService<IReminderSubjects<TSubject>>(), sp.GetRequiredService<ReminderSetup<TContext>>().Timing));
        services.AddStoreInterceptor<TContext>(sp => new ReminderScheduleInterceptor<TSubject>(
            sp.GetRequiredService<ReminderPlanner<TSubject>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ReminderSweep<TContext, TSubject>>();
        services.AddSingleton<ReminderMailer<TContext>>();
        services.AddHostedService<ReminderReplanner<TContext, TSubject>>();
        services.AddScoped<ReminderSweepJob<TContext, TSubject>>();
        services.AddScoped<ReminderMailJob<TContext>>();

        var (provider, connectionString) = HorizontStore.Connection(configuration, connectionName, defaultFileName);
        var sweepInterval = settings.SweepInterval > TimeSpan.Zero ? settings.SweepInterval : TimeSpan.FromMinutes(1);
        services.AddQuartz(ReminderJobKeys.Scheduler(side), q =>
        {
            // Quartz keeps real time, whatever TimeProvider the host registers: the sweep reads the host's clock for
            // what is due, and a fake clock in a test must not make Quartz's own triggers fire early or late.
            q.UseTimeProvider(TimeProvider.System);
            q.UsePersistentStore(store =>
            {
                if (provider == DatabaseProvider.Postgres)
                {
                    store.UsePostgres(SecureTransportDefaults.PostgresConnection(connectionString, builder.Environment));
                    // Several instances of the service share one store: each trigger fires on one of them.
                    store.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(10));
                }
                else
                {
                    // SQLite cannot be clustered: one instance per database file.
                    store.UseSqlite(connectionString);
                }

                store.ProvisionSchema();
            });
            q.AddJob<ReminderSweepJob<TContext, TSubject>>(j => j.WithIdentity(ReminderJobKeys.Sweep(side)).StoreDurably());
            q.AddTrigger(t => t
                .WithIdentity($"{ReminderJobKeys.Sweep(side).Name}-every", side.ToString())
                .ForJob(ReminderJobKeys.Sweep(side))
                // The first pass one interval after start: a restart never races what runs just before it.
                .StartAt(DateTimeOffset.UtcNow + sweepInterval)
                // After downtime: one run now, not one per missed interval (the sweep itself raises only current occasions).
                .WithSimpleSchedule(s => s.WithInterval(sweepInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithRemainingCount)));
            q.AddJob<ReminderMailJob<TContext>>(j => j.WithIdentity(ReminderJobKeys.Mail(side)).StoreDurably());
            q.AddTrigger(t => t
                .WithIdentity($"{ReminderJobKeys.Mail(side).Name}-every", side.ToString())
                .ForJob(ReminderJobKeys.Mail(side))
                // The first pass one interval after start: a restart never races what runs just before it.
                .StartAt(DateTimeOffset.UtcNow + sweepInterval)
                .WithSimpleSchedule(s => s.WithInterval(sweepInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithRemainingCount)));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }

    private static void Strict(BinderOptions options) => options.ErrorOnUnknownConfiguration = true;

    /// <summary>The settings as they are at registration, failing with the key when one cannot be read.</summary>
    private static ReminderOptions ReadNow(ConfigurationManager configuration)
    {
        try
        {
            return configuration.GetSection(ReminderOptions.Section).Get<ReminderOptions>(Strict) ?? new ReminderOptions();
        }
        catch (InvalidOperationException ex)
        {
            // The binder's outer message is generic; the inner one names the key and the value.
            throw new OptionsValidationException(ReminderOptions.Section, typeof(ReminderOptions), [ex.InnerException?.Message ?? ex.Message]);
        }
    }
}
