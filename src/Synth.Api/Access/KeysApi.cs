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
    private const int MaxNameLength = 100;

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
        var errors = new ValidationErrors();
        var name = request!.Name?.Trim();
        if (string.IsNullOrEmpty(name)) errors.Add("name", "is required: a label for the key");
        else if (!IsLabel(name)) errors.Add("name", $"must be 1 to {MaxNameLength} printable characters");
        if (!SynthRoles.IsKnown(request.Role)) errors.Add("role", $"must be '{SynthRoles.Admin}' or '{SynthRoles.User}'{(request.Role is null ? "" : $"; got '{request.Role}'")}");
        var user = request.User?.Trim() ?? name;
        if (request.User is not null && !IsLabel(user!)) errors.Add("user", $"must be 1 to {MaxNameLength} printable characters");
        if (errors.Any) return ApiProblems.Invalid(errors);

        var (id, secret) = ApiKeySecret.New();
        var key = await grains.GetGrain<IApiKeyGrain>(id).CreateAsync(new NewApiKey(name!, request.Role!, user!, ApiKeySecret.Hash(secret)));
        return TypedResults.Created($"/keys/{id}", new CreatedKey(key, secret));
    }

    private static async Task<Ok<KeyList>> ListAsync(IGrainFactory grains) =>
        TypedResults.Ok(new KeyList(await grains.GetGrain<IApiKeyDirectoryGrain>(IApiKeyDirectoryGrain.Key).ListAsync()));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string id, IGrainFactory grains)
    {
        if (!ApiKeySecret.IsValidId(id)) return ApiProblems.Invalid("id", $"'{id}' is not a key id ('k' and 20 lowercase hex digits)");
        return await grains.GetGrain<IApiKeyGrain>(id).RevokeAsync() ? TypedResults.NoContent() : ApiProblems.NotFound($"no key has id {id}");
    }

    private static bool IsLabel(string text) => text.Length is > 0 and <= MaxNameLength && !text.Any(char.IsControl);
}
