using Horizont.Hosting;
using Horizont.Hosting.Data;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Operations;
using Horizont.Hosting.Pages;
using Horizont.Hosting.Partners;
using Horizont.Hosting.Reminders;
using Horizont.Hosting.Retention;
using Horizont.Hosting.Security;
using Horizont.Jugendamt.Consumers;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Data.Postgres;
using Horizont.Jugendamt.Endpoints;
using Horizont.Jugendamt.Erasure;
using Horizont.Jugendamt.Export;
using Horizont.Jugendamt.Intake;
using Horizont.Jugendamt.Jobs;
using Horizont.Jugendamt.Options;
using Horizont.Jugendamt.Pages;
using Horizont.Jugendamt.Reminders;
using Horizont.Jugendamt.Reports;
using Microsoft.AspNetCore.OpenApi;

namespace Horizont.Jugendamt;

public static class JugendamtRegistration
{
    /// <summary>
    /// Everything the Jugendamt side adds to a Horizont host: options (section <c>Jugendamt</c>), the
    /// ledger (SQLite <c>jugendamt-{agencyId}.db</c>) with its outbox, the intake folder (referrals,
    /// amendments, withdrawals), the consumers of the providers' events on the agency's own queue, the
    /// HTTP API and its OpenAPI document.
    /// Every type it registers is its own, so a host that also adds the provider side has no clash.
    /// </summary>
    public static WebApplicationBuilder AddJugendamt(this WebApplicationBuilder builder)
    {
        var partner = AgencyIdentity.Resolve(builder.Configuration, JugendamtOptions.Section, AgencyKind.Jugendamt, JugendamtOptions.DefaultAgencyId);
        var services = builder.Services;

        services.AddOptions<JugendamtOptions>().BindConfiguration(JugendamtOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(new JugendamtAgency(partner.Id));
        services.AddSingleton<JugendamtFolders>();

        var storeFile = $"jugendamt-{partner.Id}.db";
        services.AddHorizontStore<LedgerDbContext, PostgresLedgerDbContext>(builder.Configuration, "Jugendamt", storeFile);
        services.AddServiceHeartbeat($"jugendamt/{partner.Id}", outboxStore: "Ledger");
        builder.AddHorizontReminders<LedgerDbContext, Referral, ReferralFollowUps>(
            ReminderSide.Jugendamt, partner, "Jugendamt", storeFile, JugendamtPageRoutes.Referral);
        services.AddSingleton<ReferralValidator>();
        services.AddSingleton<ReferralChangeValidator>();
        services.AddScoped<ReferralHandover>();
        services.AddScoped<CourtReports>();
        services.AddScoped<ErasureRequests>();
        services.AddScoped<ChangeHandover>();
        services.AddSingleton<IntakeWatch>();
        services.AddSingleton<IntakeClaims>();
        services.AddSingleton<IntakeProcessor>();
        services.AddHealthChecks().AddCheck<IntakeHealthCheck>("Jugendamt intake", tags: ["ready"]);
        services.AddHostedService<IntakeService>();
        services.AddSingleton<ExportWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ExportWriter>());
        services.AddScoped<ProviderEventHandler>();
        services.AddRetentionTask<ReferralRetention>();
        services.AddRetentionTask<IntakeFileRetention>();

        // Every provider event arrives on the agency's one queue, through the receive pipeline.
        services.AddAgencyInbox(new AgencyInbox<LedgerDbContext>
        {
            AgencyId = partner.Id,
            Queue = partner.QueueName,
            Senders = AgencyKind.Provider,
            CounterpartsOf = LedgerDbContext.ProvidersOfAsync,
        }, x =>
        {
            x.AddConsumer<ReferralAcceptedConsumer>().Endpoint(e => e.Name = partner.QueueName);
            x.AddConsumer<ReferralDeclinedConsumer>().Endpoint(e => e.Name = partner.QueueName);
            x.AddConsumer<IntakeMeetingRecordedConsumer>().Endpoint(e => e.Name = partner.QueueName);
            x.AddConsumer<PlacementArrangedConsumer>().Endpoint(e => e.Name = partner.QueueName);
            x.AddConsumer<HoursReportedConsumer>().Endpoint(e => e.Name = partner.QueueName);
            x.AddConsumer<NonComplianceReportedConsumer>().Endpoint(e => e.Name = partner.QueueName);
            x.AddConsumer<ExtensionRequestedConsumer>().Endpoint(e => e.Name = partner.QueueName);
            x.AddConsumer<ReferralCompletedConsumer>().Endpoint(e => e.Name = partner.QueueName);
            x.AddConsumer<ReferralWithdrawalAcknowledgedConsumer>().Endpoint(e => e.Name = partner.QueueName);
            x.AddConsumer<CaseFlagsChangedConsumer>().Endpoint(e => e.Name = partner.QueueName);
            x.AddConsumer<ReferralRefusedConsumer>().Endpoint(e => e.Name = partner.QueueName);
            x.AddConsumer<ReferralErasedConsumer>().Endpoint(e => e.Name = partner.QueueName);
        });

        services.AddStaffPages(new StaffArea($"Jugendamt · {partner.Name}", typeof(JugendamtRegistration).Assembly, partner.Id,
        [
            new StaffLink("Zuweisungen", JugendamtPageRoutes.Referrals, HorizontRoles.JugendamtCasework),
            new StaffLink("Neue Zuweisung", JugendamtPageRoutes.NewReferral, HorizontRoles.JugendamtCasework),
            new StaffLink("Wiedervorlagen", JugendamtPageRoutes.FollowUps, HorizontRoles.JugendamtCasework),
        ]));
        services.AddHorizontRoutes(routes =>
        {
            routes.MapJugendamtApi(partner.Id);
            routes.MapCourtReportPdf(partner.Id);
            routes.MapReminders<LedgerDbContext>("/jugendamt/api/follow-ups", JugendamtApi.DocumentName, "FollowUps", partner.Id, HorizontRoles.JugendamtCasework);
        });
        services.AddOpenApi(JugendamtApi.DocumentName);
        // Only the Jugendamt's own routes (the default would add every route without a group, e.g. health).
        // Configured as named options: the AddOpenApi overload with options needs the OpenAPI source
        // generator's interceptors, which this project does not enable.
        services.Configure<OpenApiOptions>(JugendamtApi.DocumentName, o => o.ShouldInclude = d => d.GroupName == JugendamtApi.DocumentName);
        services.AddStartupNote(sp =>
        {
            var folders = sp.GetRequiredService<JugendamtFolders>();
            return $"Jugendamt {partner.Id}: drop referral, amendment and withdrawal files (.json, .csv; write as .tmp, then rename) into {folders.Inbox}; "
                + $"read files go to {folders.Processed}, refused ones with their .error.txt to {folders.Rejected}; "
                + $"the providers' answers are written to {folders.Export}. API: {JugendamtApi.Referrals}, OpenAPI: /jugendamt/openapi/{JugendamtApi.DocumentName}.json";
        });
        return builder;
    }
}
