using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Synth.Api.Access;
using Synth.Api.Models;
using Synth.Api.Quotas;
using Synth.Api.Problems;
using Synth.Core.Datasets;
using Synth.Core.Privacy.Accounting;
using Synth.Grains.Access;
using Synth.Grains.Datasets;
using Synth.Grains.Privacy;
using Orleans;
using Synth.Storage;

namespace Synth.Api.Datasets;

/// <summary>
/// <c>/datasets</c>: upload a sensitive CSV (profiled at once; nothing is stored if it is
/// malformed), read its profile and draft domain (owner only), confirm the domain, read the
/// privacy budget and its ledger, derive the domain privately (<see cref="DomainDerivationSubmission"/>),
/// fit models (<see cref="FitSubmission"/>). A dataset belongs to whoever uploaded it: to anyone
/// else (but an admin) it answers 404, as one that does not exist.
/// </summary>
public static class DatasetsApi
{
    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/datasets").WithTags("Datasets");
        group.MapPost("/", UploadAsync)
            .WithMetadata(new DatasetUpload())
            .Accepts<IFormFile>("text/csv", "multipart/form-data")
            .WithSummary("Upload a CSV (raw body or a multipart file): stored, profiled, and given a privacy budget (epsilon, delta)")
            .WithProblems(400, 413, 415, 422, 429);
        group.MapGet("/{id}", GetAsync).WithSummary("A dataset").WithProblems(400, 404);
        group.MapGet("/{id}/profile", ProfileAsync).WithSummary("Each column's kind, missing values and range (owner only)").WithProblems(400, 404);
        group.MapGet("/{id}/domain", DomainAsync).WithSummary("The confirmed domain, or the draft to confirm (owner only)").WithProblems(400, 404);
        group.MapPut("/{id}/domain", ConfirmDomainAsync)
            .Accepts<DomainSpec>("application/json")
            .WithSummary("Confirm or override the domain the synthesizers may use (treated as public)")
            .WithProblems(400, 404, 413, 415, 422);
        group.MapPost("/{id}/domain/derivations", DomainDerivationSubmission.HandleAsync)
            .Accepts<DomainDerivationRequest>("application/json")
            .WithSummary("Derive the domain with differential privacy (DP quantiles for bounds, thresholded noisy counts for categories), "
                + "spending epsilon (and delta') from the budget; the result becomes the draft to confirm (owner only)")
            .WithProblems(400, 404, 409, 413, 415);
        group.MapGet("/{id}/budget", BudgetAsync).WithSummary("The privacy budget: total, spent, remaining, ledger").WithProblems(400, 404);
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Delete a dataset and its stored CSV (its models stay: they are private releases)").WithProblems(400, 404);
        group.MapPost("/{id}/fits", FitSubmission.HandleAsync)
            .Accepts<FitRequest>("application/json")
            .WithSummary("Fit a synthesis model (mst, aim, independent, nonprivate) as a job, spending epsilon from the budget (202; the model at Location)")
            .WithProblems(400, 404, 409, 413, 415, 429);
        return app;
    }

    private static async Task<Results<Created<DatasetCreated>, ProblemHttpResult>> UploadAsync(
        HttpContext context, IGrainFactory grains, IArtifactStore artifacts, IOptions<SynthApiOptions> options, QuotaGuard quotas,
        string? name, double? epsilon, double? delta)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var eps = epsilon ?? options.Value.DefaultDatasetEpsilon;
        var del = delta ?? options.Value.DefaultDatasetDelta;
        if (!(eps > 0) || double.IsInfinity(eps)) errors["epsilon"] = [$"must be a positive, finite number; got {eps}"];
        if (!(del is > 0 and < 1)) errors["delta"] = [$"must be between 0 and 1 (exclusive); got {del}"];
        if (errors.Count > 0) return ApiProblems.Invalid(errors);

        await using var upload = await DatasetUploadReader.ReadAsync(context.Request, context.RequestAborted);
        if (upload is null) return ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "send the CSV as text/csv (raw body) or as a multipart/form-data file");
        if (upload.Length == 0) return ApiProblems.Invalid(new Dictionary<string, List<string>> { ["body"] = ["the upload is empty"] }, StatusCodes.Status422UnprocessableEntity, title: "The CSV cannot be used.");
        var caller = Caller.Of(context);
        await using var turn = await quotas.TakeTurnAsync(caller);
        if (await quotas.CheckStorageAsync(caller, upload.Length) is { } refused) return refused;

        // The API only stores the bytes; the dataset's grain reads and profiles them on its silo (raw data stays off the API).
        var id = DatasetIds.New();
        var key = DatasetIds.DataKey(id);
        await using (var stored = await artifacts.BeginUploadAsync(key, context.RequestAborted))
        {
            await upload.CopyToAsync(stored.Content, context.RequestAborted);
            await stored.CommitAsync(context.RequestAborted);
        }
        try
        {
            var created = await grains.GetGrain<IDatasetGrain>(id).CreateFromUploadAsync(new StoredUpload(
                string.IsNullOrWhiteSpace(name) ? id : name.Trim(), caller.UserId, upload.Length, new BudgetTotal(eps, del, Zcdp.RhoFromEpsilon(eps, del))));
            await grains.GetGrain<IUserDatasetsGrain>(caller.UsageKey).AddAsync(id, upload.Length);
            return TypedResults.Created($"/datasets/{id}", new DatasetCreated(created.Dataset, DatasetBudget.Of(created.Budget)));
        }
        catch (DatasetRejectedException e)
        {
            // The grain deleted the stored bytes.
            return ApiProblems.Invalid(new Dictionary<string, List<string>> { ["body"] = [e.Message] }, StatusCodes.Status422UnprocessableEntity,
                $"the CSV is malformed at line {e.Line}, column {e.Column}: {e.Problem}", "The CSV cannot be used.");
        }
    }

    private static async Task<Results<Ok<DatasetInfo>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains, HttpContext context)
    {
        if (CheckId(id) is { } bad) return bad;
        return await VisibleAsync(grains, id, context) is { } info ? TypedResults.Ok(info) : NotFound(id);
    }

    private static async Task<Results<Ok<DatasetProfileView>, ProblemHttpResult>> ProfileAsync(string id, IGrainFactory grains, HttpContext context)
    {
        if (CheckId(id) is { } bad) return bad;
        if (await VisibleAsync(grains, id, context) is not { } info) return NotFound(id);
        var dataset = grains.GetGrain<IDatasetGrain>(id);
        var requester = Caller.Of(context).ActingFor(info.Owner);
        return TypedResults.Ok(new DatasetProfileView(await dataset.GetProfileAsync(requester), await dataset.GetDomainAsync(requester)));
    }

    private static async Task<Results<Ok<DomainSpec>, ProblemHttpResult>> DomainAsync(string id, IGrainFactory grains, HttpContext context)
    {
        if (CheckId(id) is { } bad) return bad;
        if (await VisibleAsync(grains, id, context) is not { } info) return NotFound(id);
        return TypedResults.Ok(await grains.GetGrain<IDatasetGrain>(id).GetDomainAsync(Caller.Of(context).ActingFor(info.Owner)));
    }

    private static async Task<Results<Ok<DatasetInfo>, ProblemHttpResult>> ConfirmDomainAsync(string id, IGrainFactory grains, HttpContext context)
    {
        if (CheckId(id) is { } bad) return bad;
        if (await VisibleAsync(grains, id, context) is not { } info) return NotFound(id);
        string text;
        using (var reader = new StreamReader(context.Request.Body))
        {
            text = await reader.ReadToEndAsync(context.RequestAborted);
        }
        DomainSpec domain;
        try
        {
            // The grain checks the domain against the data and reports every problem at once.
            domain = DomainSpec.FromJson(text, validate: false);
        }
        catch (FormatException e)
        {
            return DomainProblems(e.Message);
        }
        try
        {
            return TypedResults.Ok(await grains.GetGrain<IDatasetGrain>(id).ConfirmDomainAsync(domain, Caller.Of(context).ActingFor(info.Owner)));
        }
        catch (ArgumentException e)
        {
            return DomainProblems(e.Message);
        }
    }

    private static async Task<Results<Ok<DatasetBudget>, ProblemHttpResult>> BudgetAsync(string id, IGrainFactory grains, HttpContext context)
    {
        if (CheckId(id) is { } bad) return bad;
        if (await VisibleAsync(grains, id, context) is null) return NotFound(id);
        return await grains.GetGrain<IPrivacyBudgetGrain>(id).GetAsync() is { } budget ? TypedResults.Ok(DatasetBudget.Of(budget)) : NotFound(id);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, IGrainFactory grains, IArtifactStore artifacts, HttpContext context)
    {
        if (CheckId(id) is { } bad) return bad;
        if (await VisibleAsync(grains, id, context) is not { } info) return NotFound(id);
        if (!await grains.GetGrain<IDatasetGrain>(id).DeleteAsync(Caller.Of(context).ActingFor(info.Owner))) return NotFound(id);
        await artifacts.DeletePrefixAsync($"datasets/{id}/");
        await grains.GetGrain<IUserDatasetsGrain>(Caller.UsageKeyOf(info.Owner)).RemoveAsync(id);
        return TypedResults.NoContent();
    }

    /// <summary>The dataset, when it exists and the caller may see it (its owner, or an admin); else null, so both answer 404 alike.</summary>
    internal static async Task<DatasetInfo?> VisibleAsync(IGrainFactory grains, string id, HttpContext context) =>
        await grains.GetGrain<IDatasetGrain>(id).GetAsync() is { } info && Caller.Of(context).CanSee(info.Owner) ? info : null;

    /// <summary>Every domain problem keyed by its JSON path ("$.columns[2].bins: …" lines).</summary>
    private static ProblemHttpResult DomainProblems(string lines)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            var (path, message) = line.StartsWith('$') && colon > 0 ? (line[..colon], line[(colon + 2)..]) : ("$", line);
            (errors.TryGetValue(path, out var list) ? list : errors[path] = []).Add(message);
        }
        return ApiProblems.Invalid(errors, StatusCodes.Status422UnprocessableEntity, title: "The domain cannot be used.");
    }

    private static ProblemHttpResult? CheckId(string id) =>
        DatasetIds.IsValid(id) ? null : ApiProblems.Invalid("id", $"'{id}' is not a dataset id ('d' and 20 lowercase hex digits)");

    internal static ProblemHttpResult NotFound(string id) => ApiProblems.NotFound($"no dataset has id {id}");
}

public sealed record DatasetCreated(DatasetInfo Dataset, DatasetBudget Budget);

public sealed record DatasetProfileView(DatasetProfile Profile, DomainSpec Domain);
