using Horizont.Hosting;
using Horizont.Hosting.Data;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Operations;
using Horizont.Hosting.Pages;
using Horizont.Hosting.Partners;
using Horizont.Hosting.Reminders;
using Horizont.Hosting.Retention;
using Horizont.Hosting.Security;
using Horizont.Provider.Consumers;
using Horizont.Provider.Data;
using Horizont.Provider.Data.Postgres;
using Horizont.Provider.Endpoints;
using Horizont.Provider.Jobs;
using Horizont.Provider.Options;
using Horizont.Provider.Pages;
using Horizont.Provider.Reminders;

namespace Horizont.Provider;

public static class ProviderRegistration
{
    /// <summary>
    /// Everything the Provider side adds to a Horizont host: its options, its case store (with outbox,
    /// inbox and migration), the consumers on the agency's own queue, the staff API and its OpenAPI
    /// document. Nothing global: the all-in-one host adds the Jugendamt side to the same process.
    /// </summary>
    public static WebApplicationBuilder AddProvider(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ProviderOptions>()
            .BindConfiguration(ProviderOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Fails at start, naming Provider:AgencyId, unless the id is a provider in the partner directory.
        var agency = AgencyIdentity.Resolve(builder.Configuration, ProviderOptions.Section, AgencyKind.Provider, ProviderOptions.DefaultAgencyId);

        var storeFile = $"provider-{agency.Id}.db";
        services.AddHorizontStore<CaseDbContext, PostgresCaseDbContext>(builder.Configuration, ProviderOptions.Section, storeFile);
        services.AddServiceHeartbeat($"provider/{agency.Id}", outboxStore: "Case");
        builder.AddHorizontReminders<CaseDbContext, Case, CaseReminders>(
            ReminderSide.Provider, agency, ProviderOptions.Section, storeFile, ProviderPageRoutes.Cases + "/{id}");
        // All commands from the Jugendamt arrive on the agency's one queue, through the receive pipeline.
        services.AddAgencyInbox(new AgencyInbox<CaseDbContext>
        {
            AgencyId = agency.Id,
            Queue = agency.QueueName,
            Senders = AgencyKind.Jugendamt,
            CounterpartsOf = CaseDbContext.JugendamtsOfAsync,
            AnswerRefusals = true,
        }, x =>
        {
            x.AddConsumer<SubmitReferralConsumer>().Endpoint(e => e.Name = agency.QueueName);
            x.AddConsumer<AmendReferralConsumer>().Endpoint(e => e.Name = agency.QueueName);
            x.AddConsumer<WithdrawReferralConsumer>().Endpoint(e => e.Name = agency.QueueName);
            x.AddConsumer<EraseReferralConsumer>().Endpoint(e => e.Name = agency.QueueName);
        });

        services.AddRetentionTask<CaseRetention>();
        services.AddScoped<CaseStepRunner>();
        services.AddScoped<PlacementSiteDesk>();
        services.AddOpenApi(ProviderApi.DocumentName, o => o.ShouldInclude = d => d.GroupName == ProviderApi.DocumentName);
        services.AddStaffPages(new StaffArea($"Träger · {agency.Name}", typeof(ProviderRegistration).Assembly, agency.Id,
        [
            new StaffLink("Eingang", ProviderPageRoutes.Intake, HorizontRoles.ProviderIntake, HorizontRoles.ProviderTeamLead),
            new StaffLink("Fälle", ProviderPageRoutes.Cases, HorizontRoles.Provider),
            new StaffLink("Erinnerungen", ProviderPageRoutes.Reminders, HorizontRoles.Provider),
            new StaffLink("Einsatzstellen", ProviderPageRoutes.Sites, HorizontRoles.Provider),
        ]));
        services.AddHorizontRoutes(routes =>
        {
            routes.MapProviderApi(agency.Id);
            routes.MapPlacementSiteApi(agency.Id);
            routes.MapReminders<CaseDbContext>("/provider/api/reminders", ProviderApi.DocumentName, "Reminders", agency.Id, HorizontRoles.Provider);
            // Only this service's document under its own prefix (the Jugendamt side maps its own).
            routes.MapOpenApi($"/provider/openapi/{{documentName:regex(^{ProviderApi.DocumentName}$)}}.json");
        });
        return builder;
    }
}
