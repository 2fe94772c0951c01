using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Horizont.Hosting.Security;

/// <summary>
/// Every OpenAPI document of a Horizont service names how to get in: an API key (<c>Authorization: ApiKey …</c>) or the
/// identity provider's bearer token; both are accepted on every operation of the document.
/// </summary>
internal sealed class OpenApiSecurity : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[HorizontSecurity.ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "Authorization",
            Description = "A machine's key, sent as `Authorization: ApiKey hzk_…` (created with the service's `keys create` command; bound to one agency and one role).",
        };
        document.Components.SecuritySchemes[HorizontSecurity.BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An access token of the agency's identity provider (OpenID Connect), audience `Security:Audience`; roles and agency from its claims.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(HorizontSecurity.ApiKeyScheme, document)] = [] });
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(HorizontSecurity.BearerScheme, document)] = [] });
        return Task.CompletedTask;
    }
}
