using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Synth.Api.Access;
using Synth.Api.Problems;
using Synth.Api.Quotas;
using Synth.Core.Datasets;
using Synth.Core.Formats;
using Synth.Grains.Datasets;
using Synth.Grains.Jobs;
using Synth.Grains.Models;
using Orleans;
using Synth.Storage;

namespace Synth.Api.Models;

/// <summary>
/// <c>/models</c>: fitted synthesis models (fits start at <c>POST /datasets/{id}/fits</c>). Read a
/// model, sample any number of rows from it as a job (free of privacy cost; download with
/// <c>GET /jobs/{id}/download</c>), and read its evaluation. A model belongs to whoever fitted it
/// (the dataset's owner): to anyone else (but an admin) it answers 404, as one that does not exist.
/// </summary>
public static class ModelsApi
{
    private const long DefaultSampleRows = 1000;
    private const int MaxNameLength = 200;

    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/models").WithTags("Models");
        group.MapGet("/", ListAsync).WithSummary("The models fitted on a dataset, oldest first").WithProblems(400);
        group.MapGet("/{id}", GetAsync).WithSummary("A model: method, privacy cost, status, size").WithProblems(400, 404);
        group.MapPost("/{id}/samples", SampleAsync)
            .Accepts<SampleRequest>("application/json")
            .WithSummary("Sample rows from a ready model as a job (202; no privacy cost; download at /jobs/{id}/download)")
            .WithProblems(400, 404, 409, 413, 415, 422, 429);
        group.MapGet("/{id}/evaluation", EvaluationAsync)
            .WithSummary("How faithful the model's rows are to the real ones (the dataset owner only)")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithProblems(400, 404, 409);
        return app;
    }

    private static async Task<Results<Ok<ModelList>, ProblemHttpResult>> ListAsync(string? datasetId, IGrainFactory grains, HttpContext context)
    {
        if (string.IsNullOrEmpty(datasetId)) return ApiProblems.Invalid("datasetId", "is required: the dataset whose models to list");
        if (!DatasetIds.IsValid(datasetId)) return ApiProblems.Invalid("datasetId", $"'{datasetId}' is not a dataset id ('d' and 20 lowercase hex digits)");
        var ids = await grains.GetGrain<IDatasetModelsGrain>(datasetId).ListAsync();
        var models = await Task.WhenAll(ids.Select(m => grains.GetGrain<IModelGrain>(m).GetAsync()));
        var caller = Caller.Of(context);
        return TypedResults.Ok(new ModelList([.. models.OfType<ModelInfo>().Where(m => caller.CanSee(m.Owner))]));
    }

    private static async Task<Results<Ok<ModelInfo>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains, HttpContext context)
    {
        if (!ModelIds.IsValid(id)) return BadId(id);
        return await VisibleAsync(grains, id, context) is { } model ? TypedResults.Ok(model) : NoSuchModel(id);
    }

    /// <summary>The model, when it exists and the caller may see it (its owner, or an admin); else null, so both answer 404 alike.</summary>
    private static async Task<ModelInfo?> VisibleAsync(IGrainFactory grains, string id, HttpContext context) =>
        await grains.GetGrain<IModelGrain>(id).GetAsync() is { } model && Caller.Of(context).CanSee(model.Owner) ? model : null;

    private static async Task<Results<Accepted<JobInfo>, ProblemHttpResult>> SampleAsync(string id, HttpContext context, IGrainFactory grains, IOptions<SynthApiOptions> options, QuotaGuard quotas)
    {
        if (!ModelIds.IsValid(id)) return BadId(id);
        var (request, problem) = await JsonBody.ReadAsync<SampleRequest>(context);
        if (problem is not null) return problem;
        var errors = new ValidationErrors();
        var rows = request!.Rows ?? DefaultSampleRows;
        if (rows < 1) errors.Add("rows", "must be at least 1");
        var format = (request.Format ?? "csv").Trim().ToLowerInvariant();
        if (!OutputFormats.Names.Contains(format)) errors.Add("format", $"unknown format '{request.Format}'; one of {string.Join(", ", OutputFormats.Names)}");
        var compression = request.Compression?.Trim().ToLowerInvariant() is "none" ? null : request.Compression?.Trim().ToLowerInvariant();
        if (compression is not null and not "gzip") errors.Add("compression", $"unknown compression '{request.Compression}'; null (none) or \"gzip\"");
        if (request.Name is { Length: > MaxNameLength }) errors.Add("name", $"is longer than {MaxNameLength} characters");
        if (errors.Any) return ApiProblems.Invalid(errors);

        if (await VisibleAsync(grains, id, context) is not { } model) return NoSuchModel(id);
        var caller = Caller.Of(context);
        await using var turn = await quotas.TakeTurnAsync(caller);
        if (await quotas.CheckJobAsync(context, caller, rows) is { } refused) return refused;
        if (!model.Sampleable) return ApiProblems.Conflict($"model {id} is {model.Status}; it can be sampled once it is Ready" + (model.Status == ModelStatus.Fitting ? $" (follow its fit: GET /jobs/{model.FitJobId})" : ""));
        var jobId = JobIds.New();
        var job = await grains.GetGrain<IJobGrain>(jobId).SubmitAsync(new JobSpec
        {
            Kind = JobKind.Sample,
            Rows = rows,
            Format = format,
            Compression = compression,
            Seed = request.Seed ?? options.Value.DefaultSeed,
            Name = request.Name,
            Owner = caller.UserId,
            Sample = new SampleJobSpec(id, model.ModelKey!),
        });
        return TypedResults.Accepted($"/jobs/{jobId}", job);
    }

    private static async Task<IResult> EvaluationAsync(string id, HttpContext context, IGrainFactory grains, IArtifactStore artifacts)
    {
        if (!ModelIds.IsValid(id)) return BadId(id);
        if (await VisibleAsync(grains, id, context) is not { } model) return NoSuchModel(id);
        // The grain answers 409 (fitting, or no evaluation) through the exception handler. The model's
        // owner is its dataset's (only the dataset's owner fits), who alone may read the real rows' figures.
        var key = await grains.GetGrain<IModelGrain>(id).GetEvaluationKeyAsync(Caller.Of(context).ActingFor(model.Owner));
        var report = await artifacts.OpenReadAsync(key, cancellationToken: context.RequestAborted);
        return TypedResults.Stream(report, "application/json");
    }

    private static ProblemHttpResult BadId(string id) => ApiProblems.Invalid("id", $"'{id}' is not a model id ('m' and 20 lowercase hex digits)");

    private static ProblemHttpResult NoSuchModel(string id) => ApiProblems.NotFound($"no model has id {id}");
}
