using System.ComponentModel.DataAnnotations;
using Horizont.Hosting;
using Horizont.Hosting.Data;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Operations;
using Horizont.Hosting.Pages;
using Horizont.Hosting.Reminders;
using Horizont.Hosting.Security;
using Horizont.Operations.Alerts;
using Horizont.Operations.Data;
using Horizont.Operations.Data.Postgres;
using Horizont.Operations.Endpoints;
using Horizont.Operations.Failures;
using Horizont.Operations.Heartbeats;
using Horizont.Operations.Queues;
using Microsoft.Extensions.Options;

namespace Horizont.Operations;

public static class OperationsRegistration
{
    /// <summary>
    /// The operations service: its store (heartbeats, alerts, archive), the heartbeat consumer on the operations
    /// queue, queue figures, the failed messages of the error queues with replay and discard, the alert rules and
    /// their e-mails, the API under <c>/ops/api</c> and the staff pages (area Betrieb) from <c>/ops/</c>.
    /// </summary>
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<OperationsOptions>().BindConfiguration(OperationsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OperationsOptions>, ValidateOperationsOptions>();
        services.AddSmtp([AlertMailer.Team]);
        services.AddOptions<ReminderOptions>().BindConfiguration(ReminderOptions.Section);

        var heartbeatQueue = configuration.GetSection(HeartbeatOptions.Section).Get<HeartbeatOptions>()?.Queue ?? HeartbeatOptions.DefaultQueue;
        services.AddHorizontStore<OperationsDbContext, PostgresOperationsDbContext>(configuration, OperationsOptions.Section, "operations.db");
        services.AddServiceHeartbeat("operations");
        services.AddHorizontConsumers(x => x.AddConsumer<HeartbeatConsumer>().Endpoint(e => e.Name = heartbeatQueue));

        var transport = HorizontBus.ReadTransport(configuration);
        services.AddQueueSources(transport);
        if (transport == TransportKind.RabbitMq)
            services.AddSingleton<IErrorQueues, RabbitMqErrorQueues>();
        else
            services.AddSingleton<IErrorQueues, NoErrorQueues>();
        services.AddSingleton<FailureCatalog>();
        services.AddSingleton<HeartbeatBoard>();
        services.AddSingleton<AlertMailer>();
        services.AddSingleton<AlertMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertMonitor>());

        services.AddStaffPages(new StaffArea("Betrieb", typeof(OperationsRegistration).Assembly, AgencyId: null,
            [new StaffLink("Übersicht", "/ops/", HorizontRoles.Operations)]));
        services.AddOpenApi(OperationsApi.DocumentName, o => o.ShouldInclude = d => d.GroupName == OperationsApi.DocumentName);
        services.AddHorizontRoutes(routes =>
        {
            routes.MapOperationsApi();
            routes.MapOpenApi($"/ops/openapi/{{documentName:regex(^{OperationsApi.DocumentName}$)}}.json");
        });
        return builder;
    }
}

/// <summary>Checks the nested settings (data annotations do not reach into them), naming the full key.</summary>
internal sealed class ValidateOperationsOptions : IValidateOptions<OperationsOptions>
{
    public ValidateOptionsResult Validate(string? name, OperationsOptions options)
    {
        var failures = new List<string>();
        Check(options, OperationsOptions.Section, failures);
        Check(options.Management, $"{OperationsOptions.Section}:Management", failures);
        Check(options.Alerts.QueueDepth, $"{OperationsOptions.Section}:Alerts:QueueDepth", failures);
        Check(options.Alerts.QueueWithoutConsumer, $"{OperationsOptions.Section}:Alerts:QueueWithoutConsumer", failures);
        Check(options.Alerts.OutboxBacklog, $"{OperationsOptions.Section}:Alerts:OutboxBacklog", failures);
        if (options.Management.Url is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
            failures.Add($"'{OperationsOptions.Section}:Management:Url' must be an absolute http(s) URL.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(object section, string prefix, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(section, new ValidationContext(section), results, validateAllProperties: true))
            return;
        failures.AddRange(results.Select(r => $"'{prefix}:{string.Join(",", r.MemberNames)}': {r.ErrorMessage}"));
    }
}
