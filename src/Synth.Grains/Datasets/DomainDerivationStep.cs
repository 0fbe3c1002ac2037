using Synth.Core.Datasets;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Mechanisms;
using Synth.Grains.Privacy;
using Synth.Storage;

namespace Synth.Grains.Datasets;

/// <summary>
/// The private domain derivation as one step of a dataset grain: check, spend, read the data,
/// derive, or refund when the data could not be read. Kept apart from the grain's bookkeeping.
/// </summary>
internal static class DomainDerivationStep
{
    /// <summary>The ledger's name for this spend.</summary>
    public const string Mechanism = "domain-derivation";

    /// <param name="kinds">The owner's kinds (and bins): the confirmed domain, else the current draft.</param>
    public static async Task<DomainDerivationOutcome> RunAsync(string datasetId, NewDataset dataset, DomainSpec kinds, DomainDerivationOrder order,
        IPrivacyBudgetGrain budgetGrain, IArtifactStore artifacts)
    {
        var budget = await budgetGrain.GetAsync() ?? throw new KeyNotFoundException($"dataset {datasetId} has no privacy budget");
        var rho = Zcdp.RhoFromEpsilon(order.Epsilon, budget.Total.Delta);
        var thresholdDelta = order.ThresholdDelta ?? budget.Total.Delta / 10;
        var options = new PrivateDomainOptions
        {
            Rho = rho,
            ThresholdDelta = thresholdDelta,
            Bounds = order.Bounds.ToDictionary(b => b.Key, b => b.Value, StringComparer.Ordinal),
            LowQuantile = order.LowQuantile,
            HighQuantile = order.HighQuantile,
        };
        // Synth.Core says "field: problem", which the API turns into a 400 naming the field.
        PrivateDomainDerivation.Check(dataset.Columns, kinds, options);
        if (!kinds.Columns.Any(c => PrivateDomainDerivation.NeedsDerivation(c.Kind)))
        {
            throw new ArgumentException("epsilon: no column needs a derived domain (all are identifiers or free text), so there is nothing to spend it on");
        }
        // Only categories use δ′; without any, none is spent.
        if (!kinds.Columns.Any(c => c.Kind == ColumnKind.Categorical)) thresholdDelta = 0;

        var grant = await budgetGrain.TrySpendAsync(new SpendRequest(order.Requester ?? "anonymous", Mechanism, rho, order.Epsilon, null, thresholdDelta, order.RequestId));
        if (!grant.Granted) return new DomainDerivationOutcome(null, null, order.Epsilon, rho, thresholdDelta, [], budget with { RemainingRho = grant.RemainingRho }, grant.Message);
        var spendId = grant.SpendId!.Value;

        RawTable table;
        try
        {
            await using var data = await artifacts.OpenReadAsync(dataset.DataKey, cancellationToken: CancellationToken.None);
            table = await Task.Run(() => RawTable.ReadCsv(data));
        }
        catch
        {
            // Nothing was measured: give the grant back.
            await budgetGrain.RefundAsync(spendId, "the dataset could not be read for the domain derivation");
            throw;
        }
        var random = order.Seed is { } seed ? new PrivateRandom(seed) : PrivateRandom.FromSecureSeed();
        var derived = await Task.Run(() => PrivateDomainDerivation.Derive(table, kinds, options, random));
        var domain = derived.Domain with
        {
            Derivation = new DomainDerivationInfo(order.Epsilon, budget.Total.Delta, rho, thresholdDelta, DateTimeOffset.UtcNow),
        };
        return new DomainDerivationOutcome(domain, spendId, order.Epsilon, rho, thresholdDelta, derived.Spends, budget, null);
    }
}
