using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Synth.Api.Access;
using Synth.Api.Problems;
using Synth.Core.Datasets;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Mechanisms;
using Synth.Grains.Datasets;
using Synth.Grains.Privacy;
using Orleans;
using Synth.Storage;

namespace Synth.Api.Datasets;

/// <summary>
/// <c>POST /datasets/{id}/domain/derivations</c>: derives the dataset's domain with differential
/// privacy and keeps it as the draft the owner confirms. The handler checks the request's form and
/// makes one call, <see cref="IDatasetGrain.DeriveDomainAsync"/>: the grain checks everything it can
/// without the data, spends ρ and δ′ from the budget atomically (a refusal is a 409 that records
/// nothing), then reads the data on its silo; if the data cannot be read, the grant is refunded.
/// </summary>
internal static class DomainDerivationSubmission
{
    public static async Task<Results<Ok<DomainDerived>, ProblemHttpResult>> HandleAsync(string id, HttpContext context, IGrainFactory grains)
    {
        if (!DatasetIds.IsValid(id)) return ApiProblems.Invalid("id", $"'{id}' is not a dataset id ('d' and 20 lowercase hex digits)");
        var (request, problem) = await JsonBody.ReadAsync<DomainDerivationRequest>(context);
        if (problem is not null) return problem;
        var errors = new ValidationErrors();
        var bounds = Check(request!, errors);
        if (errors.Any) return ApiProblems.Invalid(errors);

        if (await DatasetsApi.VisibleAsync(grains, id, context) is not { } dataset) return DatasetsApi.NotFound(id);
        // One call: the dataset's grain checks ownership and the columns, spends, reads the data on its silo and derives.
        var order = new DomainDerivationOrder(Caller.Of(context).ActingFor(dataset.Owner), request!.Epsilon!.Value, request.ThresholdDelta, bounds,
            request.Quantiles?[0] ?? 0.01, request.Quantiles?[1] ?? 0.99, request.Seed, Guid.NewGuid());
        DomainDerivationOutcome outcome;
        try
        {
            outcome = await grains.GetGrain<IDatasetGrain>(id).DeriveDomainAsync(order);
        }
        catch (ArgumentException e)
        {
            return ApiProblems.FromFieldProblems(e.Message);
        }
        if (outcome.Domain is null) return Refused(id, outcome);
        return TypedResults.Ok(new DomainDerived(outcome.Domain,
            new DomainDerivationCost(outcome.SpendId!.Value, outcome.Epsilon, outcome.Budget.Total.Delta, outcome.Rho, outcome.ThresholdDelta, outcome.Mechanisms),
            DatasetBudget.Of(outcome.Budget)));
    }

    /// <summary>The request's own checks (those that need no dataset); the outer ranges by column.</summary>
    private static Dictionary<string, PublicRange> Check(DomainDerivationRequest request, ValidationErrors errors)
    {
        if (request.Epsilon is not { } epsilon) errors.Add("epsilon", "is required: the ε to spend from the dataset's budget (a positive number such as 0.1)");
        else if (!(epsilon > 0) || double.IsInfinity(epsilon)) errors.Add("epsilon", Invariant($"must be a positive, finite number; got {epsilon}"));
        if (request.ThresholdDelta is { } delta && !(delta > 0 && delta < 1)) errors.Add("thresholdDelta", Invariant($"must be between 0 and 1 (exclusive); got {delta}"));
        if (request.Quantiles is { } q && (q.Length != 2 || !(q[0] >= 0 && q[0] < q[1] && q[1] <= 1)))
        {
            errors.Add("quantiles", "must be [low, high] with 0 <= low < high <= 1, such as [0.01, 0.99]");
        }
        var bounds = new Dictionary<string, PublicRange>(StringComparer.Ordinal);
        foreach (var (column, value) in request.Bounds ?? [])
        {
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 2 || !TryEnd(value[0], out var low) || !TryEnd(value[1], out var high))
            {
                errors.Add($"bounds.{column}", "must be [low, high]: two numbers, or two ISO 8601 strings for a datetime column");
                continue;
            }
            bounds[column] = new PublicRange(low, high);
        }
        return bounds;
    }

    private static bool TryEnd(JsonElement element, out string text)
    {
        text = element.ValueKind switch
        {
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.String => element.GetString()!,
            _ => "",
        };
        return text.Length > 0;
    }

    /// <summary>409: the budget does not hold this derivation. Says what it needs and what remains (nothing was recorded).</summary>
    private static ProblemHttpResult Refused(string datasetId, DomainDerivationOutcome refusal) =>
        ApiProblems.BudgetRefused(
            Invariant($"the privacy budget of dataset {datasetId} does not allow this derivation: it needs ε = {refusal.Epsilon:G4} at δ = {refusal.Budget.Total.Delta:G3} (ρ = {refusal.Rho:G4}) and δ′ = {refusal.ThresholdDelta:G3}; ")
            + refusal.Refusal,
            refusal.Budget.RemainingRho, refusal.Budget.Total.Delta);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
