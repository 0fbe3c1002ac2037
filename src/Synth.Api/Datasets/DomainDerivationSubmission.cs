using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Synth.Api.Problems;
using Synth.Core.Datasets;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Mechanisms;
using Synth.Grains.Datasets;
using Synth.Grains.Privacy;
using Synth.Runtime.Grains;
using Synth.Storage;

namespace Synth.Api.Datasets;

/// <summary>
/// <c>POST /datasets/{id}/domain/derivations</c>: derives the dataset's domain with differential
/// privacy (<see cref="PrivateDomainDerivation"/>) and keeps it as the draft the owner confirms.
/// Like a fit, it checks everything it can without the data, then spends ρ and δ′ from the budget
/// atomically (a refusal is a 409 that records nothing), then reads the data. If the data cannot be
/// read, the grant is refunded: nothing was measured.
/// </summary>
internal static class DomainDerivationSubmission
{
    /// <summary>The ledger's name for this spend.</summary>
    public const string Mechanism = "domain-derivation";

    public static async Task<Results<Ok<DomainDerived>, ProblemHttpResult>> HandleAsync(
        string id, HttpContext context, IGrainFactory grains, IArtifactStore artifacts)
    {
        if (!DatasetIds.IsValid(id)) return ApiProblems.Invalid("id", $"'{id}' is not a dataset id ('d' and 20 lowercase hex digits)");
        var (request, problem) = await JsonBody.ReadAsync<DomainDerivationRequest>(context);
        if (problem is not null) return problem;
        var errors = new ValidationErrors();
        var bounds = Check(request!, errors);
        if (errors.Any) return ApiProblems.Invalid(errors);

        var requester = context.User.Identity?.Name;
        var datasetGrain = grains.Get<IDatasetGrain>(id);
        if (await datasetGrain.GetAsync() is not { } dataset) return ApiProblems.NotFound($"no dataset has id {id}");
        if (dataset.Owner is not null && dataset.Owner != requester)
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, $"only the owner of dataset {id} may spend its privacy budget on deriving its domain");
        }
        var budgetGrain = grains.Get<IPrivacyBudgetGrain>(id);
        if (await budgetGrain.GetAsync() is not { } budget) return ApiProblems.NotFound($"dataset {id} has no privacy budget");

        // The kinds (and bins) are the owner's: those of the confirmed domain, else of the current draft.
        // Forms are not taken from it (a draft's are read off the data): decimals and datetime formats are
        // derived privately, identifier patterns are left to the owner's edit of the derived draft.
        var kinds = (await datasetGrain.GetDomainAsync(requester)).WithoutForms();
        var epsilon = request!.Epsilon!.Value;
        var rho = Zcdp.RhoFromEpsilon(epsilon, budget.Total.Delta);
        var thresholdDelta = request.ThresholdDelta ?? budget.Total.Delta / 10;
        var options = new PrivateDomainOptions
        {
            Rho = rho,
            ThresholdDelta = thresholdDelta,
            Bounds = bounds,
            LowQuantile = request.Quantiles?[0] ?? 0.01,
            HighQuantile = request.Quantiles?[1] ?? 0.99,
        };
        try
        {
            PrivateDomainDerivation.Check(dataset.Columns, kinds, options);
        }
        catch (ArgumentException e)
        {
            return Invalid(e.Message);
        }
        if (!kinds.Columns.Any(c => PrivateDomainDerivation.NeedsDerivation(c.Kind)))
        {
            return ApiProblems.Invalid("epsilon", "no column needs a derived domain (all are identifiers or free text), so there is nothing to spend it on");
        }
        // Only categories use δ′; without any, none is spent.
        if (!kinds.Columns.Any(c => c.Kind == ColumnKind.Categorical)) thresholdDelta = 0;

        var grant = await budgetGrain.TrySpendAsync(new SpendRequest(requester ?? "anonymous", Mechanism, rho, epsilon, null, thresholdDelta));
        if (!grant.Granted) return Refused(id, epsilon, rho, thresholdDelta, grant, budget.Total);
        var spendId = grant.SpendId!.Value;

        RawTable table;
        try
        {
            await using var data = await artifacts.OpenReadAsync(DatasetIds.DataKey(id), cancellationToken: CancellationToken.None);
            table = RawTable.ReadCsv(data);
        }
        catch
        {
            // Nothing was measured: give the grant back.
            await budgetGrain.RefundAsync(spendId, "the dataset could not be read for the domain derivation");
            throw;
        }
        var random = request.Seed is { } seed ? new PrivateRandom(seed) : PrivateRandom.FromSecureSeed();
        var derived = PrivateDomainDerivation.Derive(table, kinds, options, random);
        var domain = derived.Domain with
        {
            Derivation = new DomainDerivationInfo(epsilon, budget.Total.Delta, rho, thresholdDelta, DateTimeOffset.UtcNow),
        };
        await datasetGrain.SetDerivedDraftAsync(domain, requester);
        var after = await budgetGrain.GetAsync();
        return TypedResults.Ok(new DomainDerived(domain,
            new DomainDerivationCost(spendId, epsilon, budget.Total.Delta, rho, thresholdDelta, derived.Spends),
            DatasetBudget.Of(after!)));
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

    /// <summary>400 from Synth.Core's "field: problem" message.</summary>
    private static ProblemHttpResult Invalid(string message)
    {
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 ? ApiProblems.Invalid(message[..colon], message[(colon + 2)..]) : ApiProblems.Invalid("body", message);
    }

    /// <summary>409: the budget does not hold this derivation. Says what it needs and what remains (nothing was recorded).</summary>
    private static ProblemHttpResult Refused(string datasetId, double epsilon, double rho, double thresholdDelta, SpendResult refusal, BudgetTotal total) =>
        ApiProblems.BudgetRefused(
            Invariant($"the privacy budget of dataset {datasetId} does not allow this derivation: it needs ε = {epsilon:G4} at δ = {total.Delta:G3} (ρ = {rho:G4}) and δ′ = {thresholdDelta:G3}; ")
            + refusal.Message,
            refusal.RemainingRho, total.Delta);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
