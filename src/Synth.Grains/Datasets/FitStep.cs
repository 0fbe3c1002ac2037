using Synth.Core.Datasets;
using Synth.Core.Privacy.Accounting;
using Synth.Grains.Jobs;
using Synth.Grains.Models;
using Synth.Grains.Privacy;

namespace Synth.Grains.Datasets;

/// <summary>
/// A fit as one step of a dataset grain: check the order against the confirmed domain, spend the
/// fit's ρ (before the job exists, so a refusal records nothing), record the model, submit the fit
/// job; if the model or the job cannot be created, refund the grant and forget the model.
/// </summary>
internal static class FitStep
{
    public static async Task<FitOrderOutcome> RunAsync(string datasetId, NewDataset dataset, DomainSpec domain, FitOrder order, IGrainFactory grains)
    {
        Check(order, domain);
        var budgetGrain = grains.GetGrain<IPrivacyBudgetGrain>(datasetId);
        var budget = await budgetGrain.GetAsync() ?? throw new KeyNotFoundException($"dataset {datasetId} has no privacy budget");
        var delta = order.Private ? order.Delta ?? budget.Total.Delta : (double?)null;
        var rho = order.Private ? Zcdp.RhoFromEpsilon(order.Epsilon!.Value, delta!.Value) : 0;
        Guid? spendId = null;
        if (order.Private)
        {
            var grant = await budgetGrain.TrySpendAsync(new SpendRequest(order.Requester ?? "anonymous", order.Method, rho,
                Zcdp.EpsilonFromRho(rho, budget.Total.Delta), order.JobId, RequestId: order.RequestId));
            if (!grant.Granted) return new FitOrderOutcome(null, null, rho, delta, budget with { RemainingRho = grant.RemainingRho }, grant.Message);
            spendId = grant.SpendId;
        }

        var modelGrain = grains.GetGrain<IModelGrain>(order.ModelId);
        var models = grains.GetGrain<IDatasetModelsGrain>(datasetId);
        try
        {
            var model = await modelGrain.CreateAsync(new NewModel(datasetId, dataset.Owner, order.Requester, order.Method, order.Epsilon, delta, rho, order.Private, order.JobId));
            await models.AddAsync(order.ModelId);
            var job = await grains.GetGrain<IJobGrain>(order.JobId).SubmitAsync(new JobSpec
            {
                Kind = JobKind.Fit,
                Rows = dataset.Rows,
                Format = "model",
                Seed = order.Seed ?? 0,
                Name = $"{order.Method} fit of {dataset.Name}",
                Owner = order.Requester,
                Fit = new FitJobSpec(order.ModelId, datasetId, dataset.DataKey, domain.ToJson(), order.Method, order.Epsilon, delta, rho, spendId,
                    order.Seed, order.Holdout, order.OptionsJson, order.Target),
            });
            return new FitOrderOutcome(model, job, rho, delta, await budgetGrain.GetAsync() ?? budget, null);
        }
        catch
        {
            // No job runs this grant: give it back, and forget the model that will never be fitted.
            if (spendId is { } spend) await budgetGrain.RefundAsync(spend, "the fit job could not be created");
            await modelGrain.ForgetAsync();
            await models.RemoveAsync(order.ModelId);
            throw;
        }
    }

    /// <summary>What depends on the confirmed domain (something to synthesise, the evaluation's target): "field: problem" lines.</summary>
    private static void Check(FitOrder order, DomainSpec domain)
    {
        var problems = new List<string>();
        var modelled = domain.Columns.Where(c => c.IsSynthesized).Select(c => c.Name).ToList();
        if (modelled.Count == 0) problems.Add("domain: the confirmed domain has no column to synthesise (all are identifiers or text)");
        if (order.Target is { } target && !modelled.Contains(target, StringComparer.Ordinal))
        {
            problems.Add($"target: '{target}' is not a synthesised column; one of {string.Join(", ", modelled)}");
        }
        if (problems.Count > 0) throw new ArgumentException(string.Join('\n', problems));
    }
}
