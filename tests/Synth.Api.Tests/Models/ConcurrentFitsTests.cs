using System.Net;
using System.Text.Json;
using Synth.Api.Tests.TestSupport;
using Synth.Core.Privacy.Accounting;

namespace Synth.Api.Tests.Models;

/// <summary>TrySpend is atomic across concurrent requests: exactly the fits that fit are granted, the rest refused with what remains, and only grants are recorded.</summary>
public sealed class ConcurrentFitsTests(SynthApiFactory factory) : IClassFixture<SynthApiFactory>
{
    private const double Delta = 1e-9;

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Concurrent_fits_of_half_an_epsilon_against_five_are_granted_exactly_while_they_fit_and_refusals_record_nothing()
    {
        var dataset = await PrivateSynthesis.ReadyDatasetAsync(_client, rows: 40, epsilon: 5);
        // Budgets compose in ρ (zCDP), not in ε: ε = 5 holds many more than ten fits of ε = 0.5. How many is ρ arithmetic.
        var totalRho = Zcdp.RhoFromEpsilon(5, Delta);
        var fitRho = Zcdp.RhoFromEpsilon(0.5, Delta);
        var fits = 0;
        for (var spent = 0.0; spent + fitRho <= totalRho + 1e-12; spent += fitRho) fits++;

        // The scenario: 50 at once. ρ says they all fit...
        var firstWave = await FiftyConcurrentFitsAsync(dataset);
        firstWave.Count(r => r.Status == HttpStatusCode.Accepted).Should().Be(Math.Min(50, fits));
        // ... so a second wave of 50 takes the rest, and is refused beyond it.
        var secondWave = await FiftyConcurrentFitsAsync(dataset);

        var granted = firstWave.Concat(secondWave).Count(r => r.Status == HttpStatusCode.Accepted);
        granted.Should().Be(Math.Min(100, fits));
        var refusals = firstWave.Concat(secondWave).Where(r => r.Status != HttpStatusCode.Accepted).ToList();
        refusals.Should().HaveCount(100 - granted).And.OnlyContain(r => r.Status == HttpStatusCode.Conflict);
        var budget = await PrivacyBudgetOf(dataset);
        var remainingEpsilon = Zcdp.EpsilonFromRho(budget.GetProperty("remainingRho").GetDouble(), Delta);
        foreach (var refusal in refusals)
        {
            refusal.Body.GetProperty("detail").GetString().Should().Contain("does not allow this fit").And.Contain("remains");
            refusal.Body.GetProperty("remainingEpsilon").GetDouble().Should().BeApproximately(remainingEpsilon, 1e-9);
            refusal.Body.GetProperty("remainingRho").GetDouble().Should().BeApproximately(budget.GetProperty("remainingRho").GetDouble(), 1e-15);
        }
        var ledger = budget.GetProperty("ledger").EnumerateArray().ToList();
        ledger.Should().HaveCount(granted).And.OnlyContain(e => e.GetProperty("kind").GetString() == "spend");
        ledger.Select(e => e.GetProperty("jobId").GetString()).Should().BeEquivalentTo(
            firstWave.Concat(secondWave).Where(r => r.Status == HttpStatusCode.Accepted).Select(r => r.Body.GetProperty("job").GetProperty("id").GetString()));
        budget.GetProperty("spentRho").GetDouble().Should().BeApproximately(granted * fitRho, 1e-12);
    }

    private async Task<IReadOnlyList<(HttpStatusCode Status, JsonElement Body)>> FiftyConcurrentFitsAsync(string dataset) =>
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            var response = await _client.PostJsonAsync($"/datasets/{dataset}/fits", PrivateSynthesis.QuickMst(epsilon: 0.5));
            return (response.StatusCode, await response.ReadJsonAsync());
        })));

    private async Task<JsonElement> PrivacyBudgetOf(string dataset) => await PrivateSynthesis.BudgetAsync(_client, dataset);
}
