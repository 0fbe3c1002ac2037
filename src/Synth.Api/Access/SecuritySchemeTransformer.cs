using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Synth.Api.Access;

/// <summary>
/// Declares the API's credential in the OpenAPI document (a bearer token: an API key sk_… or a JWT),
/// so Swagger UI's Authorize button sends it. Mode none needs none, and a client sending one anyway is not refused.
/// </summary>
internal sealed class SecuritySchemeTransformer : IOpenApiDocumentTransformer
{
    private const string Scheme = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = Scheme,
            Description = "An API key (sk_…; also accepted as X-Api-Key) or a JWT, as the server's auth mode says. "
                + "The health probes need none.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] }];
        return Task.CompletedTask;
    }
}
