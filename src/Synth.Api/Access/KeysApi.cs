using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Synth.Api.Problems;
using Synth.Grains.Access;

namespace Synth.Api.Access;

/// <summary>
/// <c>/keys</c> (admins only): create an API key (its secret is in this answer and nowhere else),
/// list keys, revoke one. <c>synth keys create|list|revoke</c> is a client of these.
/// </summary>
public static class KeysApi
{
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/keys").WithTags("Access").RequireAuthorization(SynthSchemes.AdminPolicy);
        group.MapPost("/", CreateAsync)
            .Accepts<CreateKeyRequest>("application/json")
            .WithSummary("Create an API key (admins only); the answer holds its secret, shown this once")
            .WithProblems(400, 401, 403, 413, 415);
        group.MapGet("/", ListAsync).WithSummary("Every API key, revoked ones too (admins only; never their secrets)").WithProblems(401, 403);
        group.MapDelete("/{id}", RevokeAsync).WithSummary("Revoke an API key for good (admins only)").WithProblems(400, 401, 403, 404);
        return app;
    }

    private static async Task<Results<Created<CreatedKey>, ProblemHttpResult>> CreateAsync(HttpContext context, IGrainFactory grains)
    {
        var (request, problem) = await JsonBody.ReadAsync<CreateKeyRequest>(context);
        if (problem is not null) return problem;
        try
        {
            var (key, secret) = await ApiKeyIssuer.IssueAsync(grains, request!.Name, request.Role, request.User);
            return TypedResults.Created($"/keys/{key.Id}", new CreatedKey(key, secret));
        }
        catch (ArgumentException e)
        {
            return ApiProblems.FromFieldProblems(e.Message);
        }
    }

    private static async Task<Ok<KeyList>> ListAsync(IGrainFactory grains) =>
        TypedResults.Ok(new KeyList(await grains.GetGrain<IApiKeyDirectoryGrain>(IApiKeyDirectoryGrain.Key).ListAsync()));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string id, IGrainFactory grains)
    {
        if (!ApiKeySecret.IsValidId(id)) return ApiProblems.Invalid("id", $"'{id}' is not a key id ('k' and 20 lowercase hex digits)");
        return await grains.GetGrain<IApiKeyGrain>(id).RevokeAsync() ? TypedResults.NoContent() : ApiProblems.NotFound($"no key has id {id}");
    }
}
