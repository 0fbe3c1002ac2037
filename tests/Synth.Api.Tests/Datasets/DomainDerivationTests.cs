using System.Globalization;
using System.Net;
using System.Text.Json;
using Synth.Api.Tests.TestSupport;
using Synth.Core.Datasets;
using Synth.Core.Privacy.Accounting;

namespace Synth.Api.Tests.Datasets;

/// <summary>
/// <c>POST /datasets/{id}/domain/derivations</c>: the owner spends budget to derive the domain
/// privately; it becomes the draft, confirmed like any other, and then fits.
/// </summary>
public sealed class DomainDerivationTests(TestUsersFactory factory) : IClassFixture<TestUsersFactory>
{
    private const double BudgetDelta = 1e-9;
    private readonly HttpClient _ann = factory.ClientFor("ann");
    private readonly HttpClient _bob = factory.ClientFor("bob");

    // 3000 rows: the 1% quantile is 30 rows in, far enough from the empty tails for ε ≈ 1 per quantile to find it (at 300 rows it is 3 rows in, and would not).
    private async Task<string> UploadAsync(double epsilon = 20) => await PrivateSynthesis.UploadAsync(_ann, PrivateSynthesis.People(3000), epsilon, BudgetDelta);

    private Task<HttpResponseMessage> DeriveAsync(HttpClient client, string dataset, object body) => client.PostJsonAsync($"/datasets/{dataset}/domain/derivations", body);

    [Fact]
    public async Task A_derived_domain_spends_once_becomes_the_draft_and_once_confirmed_a_model_fits_on_it()
    {
        var dataset = await UploadAsync();

        var response = await DeriveAsync(_ann, dataset, new { epsilon = 10, seed = 5 });

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        var derived = JsonDocument.Parse(body).RootElement;
        var rho = Zcdp.RhoFromEpsilon(10, BudgetDelta);
        derived.GetProperty("spend").GetProperty("rho").GetDouble().Should().BeApproximately(rho, 1e-12);
        derived.GetProperty("spend").GetProperty("thresholdDelta").GetDouble().Should().Be(BudgetDelta / 10, "the default is a tenth of the budget's delta");
        derived.GetProperty("spend").GetProperty("mechanisms").EnumerateArray().Sum(m => m.GetProperty("rho").GetDouble()).Should().BeApproximately(rho, 1e-12);
        var ledger = derived.GetProperty("budget").GetProperty("ledger");
        ledger.GetArrayLength().Should().Be(1);
        ledger[0].GetProperty("mechanism").GetString().Should().Be("domain-derivation");
        ledger[0].GetProperty("delta").GetDouble().Should().Be(BudgetDelta / 10);
        derived.GetProperty("budget").GetProperty("spentDelta").GetDouble().Should().Be(BudgetDelta / 10);

        var draft = DomainSpec.FromJson(await _ann.GetStringAsync($"/datasets/{dataset}/domain"));
        draft.Derivation.Should().NotBeNull("the draft says it was derived privately");
        draft.Derivation!.Epsilon.Should().Be(10);
        draft.Columns.Single(c => c.Name == "sex").Categories.Should().BeEquivalentTo(["F", "M"]);
        draft.Columns.Single(c => c.Name == "sex").Other.Should().BeTrue();
        var age = draft.Columns.Single(c => c.Name == "age");
        int.Parse(age.Min!, CultureInfo.InvariantCulture).Should().BeInRange(0, 40);
        int.Parse(age.Max!, CultureInfo.InvariantCulture).Should().BeInRange(60, 120);

        await PrivateSynthesis.ConfirmDomainAsync(_ann, dataset, draft.ToJson());
        DomainSpec.FromJson(await _ann.GetStringAsync($"/datasets/{dataset}/domain")).Derivation.Should().NotBeNull("the confirmed domain says how it was made");
        (await _bob.GetAsync($"/datasets/{dataset}/domain")).StatusCode.Should().Be(HttpStatusCode.NotFound, "another user's dataset is answered as one that does not exist");
        var (model, fit) = await PrivateSynthesis.FitAsync(_ann, dataset, PrivateSynthesis.QuickMst(epsilon: 1, seed: 3));
        (await TestSupport.Jobs.WaitForFinalAsync(_ann, fit)).GetProperty("status").GetString().Should().Be("Succeeded");
        (await PrivateSynthesis.ModelAsync(_ann, model)).GetProperty("status").GetString().Should().Be("Ready");
        (await PrivateSynthesis.BudgetAsync(_ann, dataset)).GetProperty("ledger").GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task A_derived_domain_the_owner_edits_before_confirming_is_no_longer_marked_as_derived()
    {
        var dataset = await UploadAsync();
        (await DeriveAsync(_ann, dataset, new { epsilon = 5, seed = 1 })).StatusCode.Should().Be(HttpStatusCode.OK);
        var draft = DomainSpec.FromJson(await _ann.GetStringAsync($"/datasets/{dataset}/domain"));

        var edited = draft with { Columns = [.. draft.Columns.Select(c => c.Name == "age" ? c with { Min = "0", Max = "120" } : c)] };
        await PrivateSynthesis.ConfirmDomainAsync(_ann, dataset, edited.ToJson());

        DomainSpec.FromJson(await _ann.GetStringAsync($"/datasets/{dataset}/domain")).Derivation.Should().BeNull();
    }

    [Fact]
    public async Task Another_user_gets_a_404_and_nothing_is_spent()
    {
        var dataset = await UploadAsync();

        var problem = await (await DeriveAsync(_bob, dataset, new { epsilon = 1 })).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.GetProperty("detail").GetString().Should().Be($"no dataset has id {dataset}");
        (await PrivateSynthesis.BudgetAsync(_ann, dataset)).GetProperty("ledger").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task A_derivation_the_budget_does_not_hold_is_a_409_and_nothing_is_recorded()
    {
        var dataset = await UploadAsync(epsilon: 1);

        var tooMuch = await (await DeriveAsync(_ann, dataset, new { epsilon = 2 })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var tooLikely = await (await DeriveAsync(_ann, dataset, new { epsilon = 0.1, thresholdDelta = BudgetDelta })).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        tooMuch.GetProperty("remainingEpsilon").GetDouble().Should().BeApproximately(1, 1e-6);
        tooLikely.GetProperty("detail").GetString().Should().Contain("δ′");
        var budget = await PrivateSynthesis.BudgetAsync(_ann, dataset);
        budget.GetProperty("ledger").GetArrayLength().Should().Be(0);
        budget.GetProperty("spentDelta").GetDouble().Should().Be(0);
    }

    [Theory]
    [InlineData("{}", "epsilon")]
    [InlineData("""{"epsilon": -1}""", "epsilon")]
    [InlineData("""{"epsilon": 1, "thresholdDelta": 0}""", "thresholdDelta")]
    [InlineData("""{"epsilon": 1, "quantiles": [0.9, 0.1]}""", "quantiles")]
    [InlineData("""{"epsilon": 1, "bounds": {"salary": [0, 10]}}""", "bounds.salary")]
    [InlineData("""{"epsilon": 1, "bounds": {"age": [50, 10]}}""", "bounds.age")]
    [InlineData("""{"epsilon": 1, "bounds": {"sex": [0, 1]}}""", "bounds.sex")]
    [InlineData("""{"epsilon": 1, "bounds": {"age": "0..10"}}""", "bounds.age")]
    [InlineData("""{"epsilon": 1, "colour": "red"}""", "colour")]
    public async Task A_bad_request_is_a_400_naming_the_field_and_spends_nothing(string json, string field)
    {
        var dataset = await UploadAsync();

        var problem = await (await _ann.PostJsonAsync($"/datasets/{dataset}/domain/derivations", json)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsOf(field).Should().NotBeEmpty(problem.ToString());
        (await PrivateSynthesis.BudgetAsync(_ann, dataset)).GetProperty("ledger").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task An_unknown_dataset_is_a_404()
    {
        var problem = await (await DeriveAsync(_ann, "d" + new string('0', 20), new { epsilon = 1 })).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.GetProperty("detail").GetString().Should().Contain("no dataset");
    }

    [Fact]
    public async Task Public_bounds_given_by_the_owner_hold_the_derived_bounds()
    {
        var dataset = await UploadAsync();

        var response = await DeriveAsync(_ann, dataset, new { epsilon = 0.01, bounds = new Dictionary<string, object> { ["age"] = new[] { 16, 100 } }, seed = 2 });

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var age = DomainSpec.FromJson((await response.ReadJsonAsync()).GetProperty("domain").GetRawText()).Columns.Single(c => c.Name == "age");
        int.Parse(age.Min!, CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(16);
        int.Parse(age.Max!, CultureInfo.InvariantCulture).Should().BeLessThanOrEqualTo(100);
    }
}
