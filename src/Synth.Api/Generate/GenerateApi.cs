using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Synth.Api.Formats;
using Synth.Api.Jobs;
using Synth.Api.Problems;
using Synth.Api.Schemas;
using Synth.Core.Output;

namespace Synth.Api.Generate;

/// <summary>
/// <c>POST /generate</c>: a small batch generated in this process with Synth.Core (no grains) and
/// returned as the body, like the seed's REST API. The batch is built in memory first, so a failure
/// is a clean problem answer, never a truncated file; the row cap keeps that memory small.
/// </summary>
public static class GenerateApi
{
    public static IEndpointRouteBuilder MapGenerateApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/generate", GenerateAsync)
            .WithTags("Generate")
            .Accepts<GenerateRequest>("application/json")
            .WithSummary("Generate a small batch synchronously and return it as the body")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithProblems(400, 413, 415, 422);
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GenerateAsync(HttpContext context, IOptions<SynthApiOptions> options)
    {
        var (request, problem) = await JsonBody.ReadAsync<GenerateRequest>(context);
        if (problem is not null) return problem;
        var limits = options.Value;

        var errors = new ValidationErrors();
        var source = SchemaSource.Check(request!.Schema, request.SchemaText, null, errors, allowId: false);
        var rows = request.Rows ?? JobRequestValidator.DefaultRows;
        if (rows < 0) errors.Add("rows", "must be at least 0");
        var output = OutputChoice.Check(request.Format, request.Compression, request.TableName, request.SqlDialect, errors);
        if (errors.Any) return ApiProblems.Invalid(errors);
        if (rows > limits.MaxGenerateRows)
        {
            return ApiProblems.TooLarge($"rows: {rows:N0} is more than POST /generate returns at once ({limits.MaxGenerateRows:N0}); submit a job with POST /jobs instead");
        }

        var seed = request.Seed ?? limits.DefaultSeed;
        var (schema, schemaProblems) = SchemaCheck.Compile(source!.Text!, seed, rows);
        if (schemaProblems.Count > 0) return ApiProblems.Invalid(SchemaCheck.ToErrors(schemaProblems), StatusCodes.Status422UnprocessableEntity);

        var format = output!.CreateFormat();
        var generation = new GenerationOptions { Threads = 1, Gzip = output.Gzip && format.SupportsStreamGzip };
        using var buffer = new MemoryStream();
        // Small by the cap above, yet CPU-bound: off the request thread.
        await Task.Run(() => GenerationRunner.Run(schema!, format, rows, buffer, generation, cancellationToken: context.RequestAborted), context.RequestAborted);
        return TypedResults.File(buffer.ToArray(), output.ContentType, output.FileName("synth"));
    }
}
