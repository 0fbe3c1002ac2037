using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Synth.Api.Problems;
using Synth.Core.Privacy.Accounting;
using Synth.Grains.Datasets;
using Synth.Grains.Jobs;
using Synth.Grains.Models;
using Synth.Grains.Privacy;
using Orleans;

namespace Synth.Api.Models;

/// <summary>
/// <c>POST /datasets/{id}/fits</c>: checks the request, spends the fit's ρ from the dataset's budget
/// (atomically, before the job exists: a refusal is a 409 that records nothing), then records the
/// model and submits its fit job. If either of those fails the grant is refunded, so nothing
/// half-done is left behind.
/// </summary>
internal static class FitSubmission
{
    public static async Task<Results<Accepted<FitAccepted>, ProblemHttpResult>> HandleAsync(string id, HttpContext context, IGrainFactory grains)
    {
        if (!DatasetIds.IsValid(id)) return ApiProblems.Invalid("id", $"'{id}' is not a dataset id ('d' and 20 lowercase hex digits)");
        var (request, problem) = await JsonBody.ReadAsync<FitRequest>(context);
        if (problem is not null) return problem;
        var errors = new ValidationErrors();
        var fit = FitRequestValidator.Check(request!, errors);
        if (fit is null) return ApiProblems.Invalid(errors);

        var requester = context.User.Identity?.Name;
        var datasetGrain = grains.GetGrain<IDatasetGrain>(id);
        if (await datasetGrain.GetAsync() is not { } dataset) return ApiProblems.NotFound($"no dataset has id {id}");
        if (dataset.Owner is not null && dataset.Owner != requester)
        {
            // The budget is the owner's to spend (anyone else could exhaust it), and a nonprivate model copies the data with no privacy at all.
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, fit.Private
                ? $"only the owner of dataset {id} may spend its privacy budget on a fit"
                : $"only the owner of dataset {id} may fit a nonprivate model: it copies the data with no privacy at all");
        }
        if (!dataset.DomainConfirmed)
        {
            return ApiProblems.Conflict($"dataset {id} has no confirmed domain: review the draft (GET /datasets/{id}/domain) and confirm it with PUT /datasets/{id}/domain first");
        }
        var domain = await datasetGrain.GetDomainAsync(requester);
        FitRequestValidator.CheckAgainst(fit, domain, errors);
        if (errors.Any) return ApiProblems.Invalid(errors);
        var budgetGrain = grains.GetGrain<IPrivacyBudgetGrain>(id);
        if (await budgetGrain.GetAsync() is not { } budget) return ApiProblems.NotFound($"dataset {id} has no privacy budget");

        var modelId = ModelIds.New();
        var jobId = JobIds.New();
        var delta = fit.Private ? fit.Delta ?? budget.Total.Delta : (double?)null;
        var rho = fit.Private ? Zcdp.RhoFromEpsilon(fit.Epsilon!.Value, delta!.Value) : 0;
        Guid? spendId = null;
        if (fit.Private)
        {
            var grant = await budgetGrain.TrySpendAsync(new SpendRequest(requester ?? "anonymous", fit.Method, rho, Zcdp.EpsilonFromRho(rho, budget.Total.Delta), jobId));
            if (!grant.Granted) return Refused(id, fit, delta!.Value, rho, grant.RemainingRho, budget.Total);
            spendId = grant.SpendId;
        }

        var modelGrain = grains.GetGrain<IModelGrain>(modelId);
        try
        {
            var model = await modelGrain.CreateAsync(new NewModel(id, dataset.Owner, requester, fit.Method, fit.Epsilon, delta, rho, fit.Private, jobId));
            await grains.GetGrain<IDatasetModelsGrain>(id).AddAsync(modelId);
            var job = await grains.GetGrain<IJobGrain>(jobId).SubmitAsync(new JobSpec
            {
                Kind = JobKind.Fit,
                Rows = dataset.Rows,
                Format = "model",
                Seed = fit.Seed ?? 0,
                Name = $"{fit.Method} fit of {dataset.Name}",
                Owner = requester,
                Fit = new FitJobSpec(modelId, id, DatasetIds.DataKey(id), domain.ToJson(), fit.Method, fit.Epsilon, delta, rho, spendId,
                    fit.Seed, fit.Holdout, fit.OptionsJson, fit.Target),
            });
            return TypedResults.Accepted($"/models/{modelId}", new FitAccepted(model, job));
        }
        catch
        {
            // No job runs this grant: give it back, and forget the model that will never be fitted.
            if (spendId is { } spend) await budgetGrain.RefundAsync(spend, "the fit job could not be created");
            await modelGrain.ForgetAsync();
            await grains.GetGrain<IDatasetModelsGrain>(id).RemoveAsync(modelId);
            throw;
        }
    }

    /// <summary>409: the budget does not hold this fit. Says what it needs and what remains, in ε and ρ (nothing was recorded).</summary>
    private static ProblemHttpResult Refused(string datasetId, CheckedFit fit, double delta, double rho, double remainingRho, BudgetTotal total) =>
        ApiProblems.BudgetRefused(
            string.Create(CultureInfo.InvariantCulture,
                $"the privacy budget of dataset {datasetId} does not allow this fit: it needs ε = {fit.Epsilon:G4} at δ = {delta:G3} (ρ = {rho:G4}), "
                + $"and only ε = {ApiProblems.RemainingEpsilon(remainingRho, total.Delta):G4} (ρ = {remainingRho:G4}) remains of ε = {total.Epsilon:G4} at δ = {total.Delta:G3}"),
            remainingRho, total.Delta);
}
