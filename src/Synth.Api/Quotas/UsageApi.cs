using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Synth.Api.Access;

namespace Synth.Api.Quotas;

/// <summary><c>GET /me/usage</c>: the caller's rows generated, jobs, datasets, storage and privacy budget spent, with their quotas.</summary>
public static class UsageApi
{
    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/me/usage", GetAsync).WithTags("Access").WithSummary("What the caller has used and holds, and their quotas");
        return app;
    }

    private static async Task<Ok<Usage>> GetAsync(HttpContext context, UsageCalculator usage, IOptions<SynthQuotaOptions> quotas) =>
        TypedResults.Ok(await usage.UsageAsync(Caller.Of(context), quotas.Value));
}
