using Microsoft.AspNetCore.Http.HttpResults;
using Synth.Api.Problems;
using Synth.Grains.Schemas;
using Orleans;

namespace Synth.Api.Schemas;

/// <summary><c>/schemas</c>: check a schema, store one (its id is the hash of its text), read one back.</summary>
public static class SchemasApi
{
    public static IEndpointRouteBuilder MapSchemasApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/schemas").WithTags("Schemas");
        // Cast: a handler taking only HttpContext would otherwise bind as a RequestDelegate and drop its result.
        group.MapPost("/validate", (Delegate)ValidateAsync)
            .Accepts<SchemaRequest>("application/json")
            .WithSummary("Check a schema and report every problem with its JSON path")
            .WithProblems(400, 413, 415);
        group.MapPost("/", StoreAsync)
            .Accepts<SchemaRequest>("application/json")
            .WithSummary("Store a valid schema; jobs can then name it by schemaId")
            .WithProblems(400, 413, 415, 422);
        group.MapGet("/{id}", GetAsync).WithSummary("A stored schema").WithProblems(400, 404);
        return app;
    }

    private static async Task<Results<Ok<SchemaValidation>, ProblemHttpResult>> ValidateAsync(HttpContext context)
    {
        var (request, problem) = await JsonBody.ReadAsync<SchemaRequest>(context);
        if (problem is not null) return problem;
        var errors = new ValidationErrors();
        var source = SchemaSource.Check(request!.Schema, request.SchemaText, null, errors, allowId: false);
        if (source is null) return ApiProblems.Invalid(errors);
        var problems = SchemaCheck.Check(source.Text!);
        return TypedResults.Ok(new SchemaValidation(problems.Count == 0, problems.Select(p => new SchemaProblem(p.Path, p.Message)).ToList()));
    }

    private static async Task<Results<Created<StoredSchema>, ProblemHttpResult>> StoreAsync(HttpContext context, IGrainFactory grains)
    {
        var (request, problem) = await JsonBody.ReadAsync<SchemaRequest>(context);
        if (problem is not null) return problem;
        var errors = new ValidationErrors();
        var source = SchemaSource.Check(request!.Schema, request.SchemaText, null, errors, allowId: false);
        if (source is null) return ApiProblems.Invalid(errors);
        var problems = SchemaCheck.Check(source.Text!);
        if (problems.Count > 0) return ApiProblems.Invalid(SchemaCheck.ToErrors(problems), StatusCodes.Status422UnprocessableEntity);
        var id = SchemaIds.Of(source.Text!);
        var stored = await grains.GetGrain<ISchemaGrain>(id).SaveAsync(source.Text!);
        return TypedResults.Created($"/schemas/{id}", stored);
    }

    private static async Task<Results<Ok<StoredSchema>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains)
    {
        if (!SchemaIds.IsValid(id)) return ApiProblems.Invalid("id", $"'{id}' is not a schema id ('s' and 20 lowercase hex digits)");
        var stored = await grains.GetGrain<ISchemaGrain>(id).GetAsync();
        return stored is null ? ApiProblems.NotFound($"no schema has id {id}") : TypedResults.Ok(stored);
    }
}
