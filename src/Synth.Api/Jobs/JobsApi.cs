using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Synth.Api.Access;
using Synth.Api.Problems;
using Synth.Api.Quotas;
using Synth.Api.Schemas;
using Synth.Grains.Jobs;
using Orleans;

namespace Synth.Api.Jobs;

/// <summary>
/// <c>/jobs</c>: submit, list, follow, cancel, delete and download bulk generation jobs. Each job
/// is a grain (<see cref="IJobGrain"/>); this API only checks requests and forwards them.
/// A job belongs to whoever submitted it: another user's job answers 404, as one that does not exist.
/// </summary>
public static class JobsApi
{
    /// <summary>Header whose value makes a submission idempotent: the same key always names the same job.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private const int MaxIdempotencyKeyLength = 255;

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/jobs").WithTags("Jobs");
        group.MapPost("/", SubmitAsync)
            .Accepts<SubmitJobRequest>("application/json")
            .WithSummary("Submit a bulk generation job (202; follow it at Location)")
            .WithProblems(400, 409, 413, 415, 422, 429);
        group.MapGet("/", ListAsync).WithSummary("Jobs, newest first, one page at a time").WithProblems(400);
        group.MapGet("/{id}", GetAsync).WithSummary("A job: status, progress, files").WithProblems(400, 404);
        group.MapPost("/{id}/cancel", CancelAsync).WithSummary("Cancel a job (a finished job is left as it is)").WithProblems(400, 404, 409);
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Cancel a job if it runs, delete its files and forget it").WithProblems(400, 404);
        group.MapMethods("/{id}/download", [HttpMethods.Get, HttpMethods.Head], JobDownload.HandleAsync)
            .WithSummary("Download a finished job's file; single byte ranges are supported")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .Produces(StatusCodes.Status206PartialContent, contentType: "application/octet-stream")
            .WithProblems(400, 404, 409, 410, 416);
        group.MapGet("/{id}/events", JobEventStream.HandleAsync)
            .WithSummary("The job's progress as server-sent events, replayed after a sequence number, then live")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .WithProblems(400, 404);
        return app;
    }

    private static async Task<Results<Accepted<JobInfo>, ProblemHttpResult>> SubmitAsync(
        HttpContext context, IGrainFactory grains, IOptions<SynthApiOptions> options, QuotaGuard quotas)
    {
        var (request, problem) = await JsonBody.ReadAsync<SubmitJobRequest>(context);
        if (problem is not null) return problem;

        var errors = new ValidationErrors();
        var job = JobRequestValidator.Check(request!, options.Value, errors);
        var key = context.Request.Headers[IdempotencyKeyHeader].ToString();
        if (context.Request.Headers.ContainsKey(IdempotencyKeyHeader) && (key.Length is 0 or > MaxIdempotencyKeyLength || key.Any(char.IsControl)))
        {
            errors.Add(IdempotencyKeyHeader, $"must be 1 to {MaxIdempotencyKeyLength} printable characters");
        }
        if (job is null || errors.Any) return ApiProblems.Invalid(errors);

        var text = await job.Schema.ReadTextAsync(grains);
        if (text is null) return ApiProblems.Invalid("schemaId", $"no stored schema has id {job.Schema.SchemaId}", StatusCodes.Status422UnprocessableEntity);
        var schemaProblems = SchemaCheck.Check(text, job.Seed, job.Rows);
        if (schemaProblems.Count > 0) return ApiProblems.Invalid(SchemaCheck.ToErrors(schemaProblems), StatusCodes.Status422UnprocessableEntity);
        var caller = Caller.Of(context);

        var spec = new JobSpec
        {
            SchemaText = text,
            SchemaId = job.Schema.SchemaId,
            Rows = job.Rows,
            Format = job.Output.Format,
            Compression = job.Output.Compression,
            Seed = job.Seed,
            RequiredTags = job.RequiredTags,
            Parts = job.Parts,
            ShardRows = job.ShardRows,
            TableName = job.Output.TableName,
            SqlDialect = job.Output.SqlDialect,
            Name = job.Name,
            Owner = caller.UserId,
        };
        // A retried submission with the same key reaches the same grain, which returns the job it already has.
        var id = key.Length > 0 ? JobIds.ForIdempotencyKey(spec.Owner, key) : JobIds.New();
        // A retry of a submission that created its job is not a new job: no quota to pass.
        var retry = key.Length > 0 && await grains.GetGrain<IJobGrain>(id).GetAsync() is not null;
        await using var turn = await quotas.TakeTurnAsync(caller);
        if (!retry && await quotas.CheckJobAsync(context, caller, job.Rows) is { } refused) return refused;
        try
        {
            var info = await grains.GetGrain<IJobGrain>(id).SubmitAsync(spec);
            return TypedResults.Accepted($"/jobs/{id}", info);
        }
        catch (ArgumentException e)
        {
            // The grain's own checks ("parts: …"), should they ever be stricter than the ones above.
            var colon = e.Message.IndexOf(": ", StringComparison.Ordinal);
            return colon > 0 && !e.Message[..colon].Contains(' ', StringComparison.Ordinal)
                ? ApiProblems.Invalid(e.Message[..colon], e.Message[(colon + 2)..])
                : ApiProblems.Problem(StatusCodes.Status400BadRequest, e.Message);
        }
    }

    private static async Task<Results<Ok<JobPage>, ProblemHttpResult>> ListAsync(string? status, string? limit, string? cursor, IGrainFactory grains, HttpContext context)
    {
        var errors = new ValidationErrors();
        JobStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            // By name only: Enum.TryParse would also take "1" or "queued,running".
            var name = Enum.GetNames<JobStatus>().FirstOrDefault(n => string.Equals(n, status, StringComparison.OrdinalIgnoreCase));
            if (name is not null) wanted = Enum.Parse<JobStatus>(name);
            else errors.Add("status", $"unknown status '{status}'; one of {string.Join(", ", Enum.GetNames<JobStatus>())}");
        }
        var pageSize = 50;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, out pageSize) || pageSize is < 1 or > 1000)) errors.Add("limit", "must be an integer from 1 to 1000");
        if (errors.Any) return ApiProblems.Invalid(errors);

        try
        {
            return TypedResults.Ok(await grains.GetGrain<IJobIndexGrain>(IJobIndexGrain.Key).ListAsync(new JobQuery(wanted, Caller.Of(context).ListingOwner, pageSize, string.IsNullOrEmpty(cursor) ? null : cursor)));
        }
        catch (Exception e) when (!string.IsNullOrEmpty(cursor) && e is FormatException or ArgumentException)
        {
            return ApiProblems.Invalid("cursor", "is not a cursor this listing gave out (pass the previous page's 'next')");
        }
    }

    private static async Task<Results<Ok<JobInfo>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains, HttpContext context)
    {
        if (!JobIds.IsValid(id)) return BadId(id);
        return await VisibleAsync(grains, id, context) is { } info ? TypedResults.Ok(info) : NoSuchJob(id);
    }

    private static async Task<Results<Ok<JobInfo>, ProblemHttpResult>> CancelAsync(string id, IGrainFactory grains, HttpContext context)
    {
        if (!JobIds.IsValid(id)) return BadId(id);
        if (await VisibleAsync(grains, id, context) is null) return NoSuchJob(id);
        // The grain answers JobConflictException (409) for a job that succeeded.
        return TypedResults.Ok(await grains.GetGrain<IJobGrain>(id).CancelAsync());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, IGrainFactory grains, HttpContext context)
    {
        if (!JobIds.IsValid(id)) return BadId(id);
        if (await VisibleAsync(grains, id, context) is null) return NoSuchJob(id);
        return await grains.GetGrain<IJobGrain>(id).DeleteAsync() ? TypedResults.NoContent() : NoSuchJob(id);
    }

    /// <summary>The job, when it exists and the caller may see it (its owner, or an admin); else null, so both answer 404 alike.</summary>
    internal static async Task<JobInfo?> VisibleAsync(IGrainFactory grains, string id, HttpContext context) =>
        await grains.GetGrain<IJobGrain>(id).GetAsync() is { } info && Caller.Of(context).CanSee(info.Spec.Owner) ? info : null;

    internal static ProblemHttpResult BadId(string id) => ApiProblems.Invalid("id", $"'{id}' is not a job id ('j' and 20 lowercase hex digits)");

    internal static ProblemHttpResult NoSuchJob(string id) => ApiProblems.NotFound($"no job has id {id}");
}
