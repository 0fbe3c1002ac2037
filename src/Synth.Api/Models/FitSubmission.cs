using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Synth.Api.Access;
using Synth.Api.Datasets;
using Synth.Api.Problems;
using Synth.Api.Quotas;
using Synth.Grains.Datasets;
using Synth.Grains.Jobs;
using Synth.Grains.Models;
using Orleans;

namespace Synth.Api.Models;

/// <summary>
/// <c>POST /datasets/{id}/fits</c>: checks the request's form and makes one call,
/// <see cref="IDatasetGrain.FitAsync"/>: the grain checks ownership and the confirmed domain, spends
/// the fit's ρ atomically (a refusal is a 409 that records nothing), records the model and submits
/// its fit job, refunding the grant if either fails, so nothing half-done is left behind.
/// </summary>
internal static class FitSubmission
{
    public static async Task<Results<Accepted<FitAccepted>, ProblemHttpResult>> HandleAsync(string id, HttpContext context, IGrainFactory grains, QuotaGuard quotas)
    {
        if (!DatasetIds.IsValid(id)) return ApiProblems.Invalid("id", $"'{id}' is not a dataset id ('d' and 20 lowercase hex digits)");
        var (request, problem) = await JsonBody.ReadAsync<FitRequest>(context);
        if (problem is not null) return problem;
        var errors = new ValidationErrors();
        var fit = FitRequestValidator.Check(request!, errors);
        if (fit is null) return ApiProblems.Invalid(errors);

        if (await DatasetsApi.VisibleAsync(grains, id, context) is not { } dataset) return DatasetsApi.NotFound(id);
        var caller = Caller.Of(context);
        // A fit is a job of the caller's: it counts towards their concurrent jobs (its rows are the dataset's, not chosen).
        await using var turn = await quotas.TakeTurnAsync(caller);
        if (await quotas.CheckJobAsync(context, caller, rows: null) is { } refused) return refused;
        var order = new FitOrder(caller.ActingFor(dataset.Owner), fit.Method, fit.Private, fit.Epsilon, fit.Delta, fit.Holdout, fit.Seed, fit.Target, fit.OptionsJson,
            ModelIds.New(), JobIds.New(), Guid.NewGuid(), fit.Device);
        FitOrderOutcome outcome;
        try
        {
            outcome = await grains.GetGrain<IDatasetGrain>(id).FitAsync(order);
        }
        catch (ArgumentException e)
        {
            return ApiProblems.FromFieldProblems(e.Message);
        }
        if (outcome.Refusal is not null) return Refused(id, fit, outcome);
        return TypedResults.Accepted($"/models/{order.ModelId}", new FitAccepted(outcome.Model!, outcome.Job!));
    }

    /// <summary>409: the budget does not hold this fit. Says what it needs and what remains, in ε and ρ (nothing was recorded).</summary>
    private static ProblemHttpResult Refused(string datasetId, CheckedFit fit, FitOrderOutcome refusal)
    {
        var total = refusal.Budget.Total;
        var remainingRho = refusal.Budget.RemainingRho;
        return ApiProblems.BudgetRefused(
            string.Create(CultureInfo.InvariantCulture,
                $"the privacy budget of dataset {datasetId} does not allow this fit: it needs ε = {fit.Epsilon:G4} at δ = {refusal.Delta:G3} (ρ = {refusal.Rho:G4}), "
                + $"and only ε = {ApiProblems.RemainingEpsilon(remainingRho, total.Delta):G4} (ρ = {remainingRho:G4}) remains of ε = {total.Epsilon:G4} at δ = {total.Delta:G3}"),
            remainingRho, total.Delta);
    }
}
