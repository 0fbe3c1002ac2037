using System.Net;
using System.Text;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Models;

/// <summary>Bad fit and sample requests: the right 4xx naming the field, and nothing spent, no model, no job.</summary>
public sealed class FitValidationTests(SynthApiFactory factory) : IClassFixture<SynthApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string, string> BadFits => new()
    {
        { """{"method": "magic", "epsilon": 1}""", "method" },
        { """{"epsilon": 1}""", "method" },
        { """{"method": "mst"}""", "epsilon" },
        { """{"method": "mst", "epsilon": 0}""", "epsilon" },
        { """{"method": "aim", "epsilon": -1}""", "epsilon" },
        { """{"method": "mst", "epsilon": 1, "delta": 1}""", "delta" },
        { """{"method": "mst", "epsilon": 1, "delta": 0}""", "delta" },
        { """{"method": "mst", "epsilon": 1, "holdout": 1}""", "holdout" },
        { """{"method": "mst", "epsilon": 1, "target": "shoe size"}""", "target" },
        { """{"method": "mst", "epsilon": 1, "eps": 2}""", "eps" },
        { """{"method": "mst", "epsilon": "lots"}""", "epsilon" },
        { """{"method": "mst", "epsilon": 1, "options": {"mst": {"finalIterations": 0}}}""", "options.mst.finalIterations" },
        { """{"method": "aim", "epsilon": 1, "options": {"aim": {"degree": 7}}}""", "options.aim.degree" },
        { """{"method": "nonprivate", "epsilon": 1}""", "epsilon" },
        { """{"method": "mst", "epsilon": 1, "options": {"seed": 3}}""", "options.seed" },
        { """{"method": "mst", "epsilon": 1, "options": {"colour": 3}}""", "options.colour" },
        { """{"method": "privsyn", "epsilon": 1, "options": {"privSyn": {"selectionShare": 1}}}""", "options.privSyn.selectionShare" },
        { """{"method": "privsyn", "epsilon": 1, "options": {"privSyn": {"updateIterations": 0}}}""", "options.privSyn.updateIterations" },
        { """{"method": "aim", "epsilon": 1, "device": "tpu"}""", "device" },
        { """{"method": "aim", "epsilon": 1, "device": "1"}""", "device" },
        { """{"method": "mst", "epsilon": 1, "device": "gpu"}""", "device" },
    };

    [Theory]
    [MemberData(nameof(BadFits))]
    public async Task A_bad_fit_request_is_a_400_naming_the_field_and_spends_nothing(string body, string field)
    {
        var dataset = await PrivateSynthesis.ReadyDatasetAsync(_client, rows: 30);
        var jobsBefore = await JobCountAsync();

        var response = await _client.PostJsonAsync($"/datasets/{dataset}/fits", body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsOf(field).Should().NotBeEmpty();
        await NothingHappenedAsync(dataset, jobsBefore);
    }

    [Fact]
    public async Task An_unknown_method_is_refused_with_the_known_ones()
    {
        var dataset = await PrivateSynthesis.ReadyDatasetAsync(_client, rows: 30);

        var problem = await (await _client.PostJsonAsync($"/datasets/{dataset}/fits", """{"method": "gan", "epsilon": 1}""")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsOf("method").Single().Should().Be("unknown method 'gan'; one of aim, independent, mst, nonprivate, privsyn");
    }

    [Fact]
    public async Task A_fit_before_the_domain_is_confirmed_is_a_409_saying_to_put_it_first()
    {
        var dataset = await PrivateSynthesis.UploadAsync(_client, PrivateSynthesis.People(30));
        var jobsBefore = await JobCountAsync();

        var problem = await (await _client.PostJsonAsync($"/datasets/{dataset}/fits", PrivateSynthesis.QuickMst())).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        problem.GetProperty("detail").GetString().Should().Contain($"PUT /datasets/{dataset}/domain");
        await NothingHappenedAsync(dataset, jobsBefore);
    }

    [Fact]
    public async Task A_fit_of_a_missing_dataset_is_a_404_and_a_malformed_id_a_400()
    {
        await (await _client.PostJsonAsync("/datasets/d00000000000000000000/fits", PrivateSynthesis.QuickMst())).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await _client.PostJsonAsync("/datasets/nope/fits", PrivateSynthesis.QuickMst())).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorsOf("id").Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_fit_request_that_is_not_json_is_a_415()
    {
        var dataset = await PrivateSynthesis.ReadyDatasetAsync(_client, rows: 30);

        await (await _client.PostAsync($"/datasets/{dataset}/fits", new StringContent("method=mst", Encoding.UTF8, "text/plain"))).ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("""{"rows": 0}""", "rows")]
    [InlineData("""{"rows": 10, "format": "xlsx"}""", "format")]
    [InlineData("""{"rows": 10, "compression": "zip"}""", "compression")]
    [InlineData("""{"rows": 10, "colour": "red"}""", "colour")]
    public async Task A_bad_sample_request_is_a_400_naming_the_field_and_starts_no_job(string body, string field)
    {
        var dataset = await PrivateSynthesis.ReadyDatasetAsync(_client, rows: 30);
        var (model, fit) = await PrivateSynthesis.FitAsync(_client, dataset, PrivateSynthesis.QuickMst());
        await TestSupport.Jobs.WaitForFinalAsync(_client, fit);
        var jobsBefore = await JobCountAsync();

        var problem = await (await _client.PostJsonAsync($"/models/{model}/samples", body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsOf(field).Should().NotBeEmpty();
        (await JobCountAsync()).Should().Be(jobsBefore);
    }

    [Fact]
    public async Task Sampling_a_model_that_is_not_ready_is_a_409_and_an_unknown_model_a_404()
    {
        var dataset = await PrivateSynthesis.ReadyDatasetAsync(_client, rows: 30, epsilon: 2);
        var slow = new { method = "mst", epsilon = 1, options = new { mst = new { finalIterations = 100_000_000 } } };
        var (model, fit) = await PrivateSynthesis.FitAsync(_client, dataset, slow);

        var fitting = await (await _client.PostJsonAsync($"/models/{model}/samples", new { rows = 10 })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await _client.PostAsync($"/jobs/{fit}/cancel", null);

        fitting.GetProperty("detail").GetString().Should().Contain("Fitting").And.Contain(fit);
        await (await _client.GetAsync("/models/m00000000000000000000")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostJsonAsync("/models/m00000000000000000000/samples", new { rows = 10 })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/models/x")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_evaluation_of_a_model_still_fitting_is_a_409()
    {
        var dataset = await PrivateSynthesis.ReadyDatasetAsync(_client, rows: 30, epsilon: 2);
        var slow = new { method = "mst", epsilon = 1, options = new { mst = new { finalIterations = 100_000_000 } } };
        var (model, fit) = await PrivateSynthesis.FitAsync(_client, dataset, slow);

        var problem = await (await _client.GetAsync($"/models/{model}/evaluation")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await _client.PostAsync($"/jobs/{fit}/cancel", null);

        problem.GetProperty("detail").GetString().Should().Contain("still fitting");
    }

    private async Task<int> JobCountAsync() =>
        (await (await _client.GetAsync("/jobs?limit=1000")).ReadJsonAsync()).GetProperty("jobs").GetArrayLength();

    /// <summary>No grant, no job (every model has its fit job, submitted after the grant).</summary>
    private async Task NothingHappenedAsync(string dataset, int jobsBefore)
    {
        var budget = await PrivateSynthesis.BudgetAsync(_client, dataset);
        budget.GetProperty("ledger").GetArrayLength().Should().Be(0);
        budget.GetProperty("spentRho").GetDouble().Should().Be(0);
        (await JobCountAsync()).Should().Be(jobsBefore);
    }
}
