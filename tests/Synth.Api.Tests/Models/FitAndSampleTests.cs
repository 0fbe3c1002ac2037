using System.Net;
using System.Text;
using System.Text.Json;
using Synth.Api.Tests.TestSupport;
using Synth.Core.Datasets;
using Synth.Core.Formats;

namespace Synth.Api.Tests.Models;

/// <summary>Private synthesis end to end through the API: upload, confirm, fit as a job, read the model, sample as a job, download.</summary>
public sealed class FitAndSampleTests(SynthApiFactory factory) : IClassFixture<SynthApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task An_mst_fit_runs_as_a_job_spends_once_and_its_model_samples_the_same_bytes_every_time()
    {
        var dataset = await PrivateSynthesis.ReadyDatasetAsync(_client, rows: 400, epsilon: 2);
        var domain = DomainSpec.FromJson(await _client.GetStringAsync($"/datasets/{dataset}/domain"));

        var (modelId, fitJob) = await PrivateSynthesis.FitAsync(_client, dataset, PrivateSynthesis.QuickMst(epsilon: 1));
        var fitted = await TestSupport.Jobs.WaitForFinalAsync(_client, fitJob);

        fitted.GetProperty("status").GetString().Should().Be("Succeeded", fitted.ToString());
        fitted.GetProperty("spec").GetProperty("kind").GetString().Should().Be("Fit");
        fitted.GetProperty("progress").GetProperty("stage").GetString().Should().NotBeNullOrEmpty();
        var model = await PrivateSynthesis.ModelAsync(_client, modelId);
        model.GetProperty("status").GetString().Should().Be("Ready", model.ToString());
        model.GetProperty("private").GetBoolean().Should().BeTrue();
        model.GetProperty("sampleable").GetBoolean().Should().BeTrue();
        model.GetProperty("epsilon").GetDouble().Should().Be(1);
        model.GetProperty("trainRows").GetInt32().Should().Be(320, "the default holdout keeps 20% of the rows out of the fit");
        model.GetProperty("modelBytes").GetInt64().Should().BeGreaterThan(0);
        var ledger = (await PrivateSynthesis.BudgetAsync(_client, dataset)).GetProperty("ledger");
        ledger.GetArrayLength().Should().Be(1);
        ledger[0].GetProperty("kind").GetString().Should().Be("spend");
        ledger[0].GetProperty("jobId").GetString().Should().Be(fitJob);
        ledger[0].GetProperty("rho").GetDouble().Should().Be(model.GetProperty("rho").GetDouble());

        var request = new { rows = 2500, format = "csv", seed = 11 };
        var first = await SampleAsync(modelId, request);
        var again = await SampleAsync(modelId, request);

        again.Should().Equal(first);
        var lines = Encoding.UTF8.GetString(first).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("id,sex,age,education,income");
        lines.Should().HaveCount(2501);
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            cells.Should().HaveCount(5);
            domain.Columns[1].Categories.Should().Contain(cells[1]);
            domain.Columns[3].Categories.Should().Contain(cells[3]);
            domain.Columns[4].Categories.Should().Contain(cells[4]);
            var age = int.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture);
            age.Should().BeInRange(int.Parse(domain.Columns[2].Min!, System.Globalization.CultureInfo.InvariantCulture), int.Parse(domain.Columns[2].Max!, System.Globalization.CultureInfo.InvariantCulture));
        }
        (await PrivateSynthesis.BudgetAsync(_client, dataset)).GetProperty("ledger").GetArrayLength().Should().Be(1, "sampling costs no budget");
    }

    [Theory]
    [InlineData("csv", null)]
    [InlineData("json", null)]
    [InlineData("jsonl", "gzip")]
    [InlineData("parquet", null)]
    [InlineData("sql", "gzip")]
    public async Task A_sample_job_is_byte_identical_to_sampling_the_stored_model_in_one_piece(string format, string? compression)
    {
        var dataset = await PrivateSynthesis.ReadyDatasetAsync(_client);
        var (modelId, fitJob) = await PrivateSynthesis.FitAsync(_client, dataset, PrivateSynthesis.QuickMst());
        (await TestSupport.Jobs.WaitForFinalAsync(_client, fitJob)).GetProperty("status").GetString().Should().Be("Succeeded");
        var stored = TableModel.Load(await PrivateSynthesis.DownloadAsync(_client, fitJob));

        var sampled = await SampleAsync(modelId, new { rows = 777, format, compression, seed = 5 });

        using var onePiece = new MemoryStream();
        var gzip = compression == "gzip";
        var fileFormat = OutputFormats.Create(format, new FormatOptions { Gzip = gzip });
        new SampleFileWriter(stored, fileFormat, gzip && fileFormat.SupportsStreamGzip).Write(777, 5, onePiece);
        sampled.Should().Equal(onePiece.ToArray());
        if (format == "json") JsonDocument.Parse(sampled).RootElement.GetArrayLength().Should().Be(777);
    }

    [Fact]
    public async Task A_nonprivate_fit_by_the_owner_spends_nothing_says_it_is_not_private_and_with_no_holdout_fits_every_row()
    {
        var dataset = await PrivateSynthesis.ReadyDatasetAsync(_client);

        var (modelId, fitJob) = await PrivateSynthesis.FitAsync(_client, dataset, new { method = "nonprivate", holdout = 0 });
        await TestSupport.Jobs.WaitForFinalAsync(_client, fitJob);

        var model = await PrivateSynthesis.ModelAsync(_client, modelId);
        model.GetProperty("status").GetString().Should().Be("Ready", model.ToString());
        model.GetProperty("private").GetBoolean().Should().BeFalse();
        model.GetProperty("rho").GetDouble().Should().Be(0);
        model.GetProperty("trainRows").GetInt32().Should().Be(300, "holdout 0 fits on every row");
        model.GetProperty("holdoutRows").GetInt32().Should().Be(0);
        (await PrivateSynthesis.BudgetAsync(_client, dataset)).GetProperty("ledger").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task The_models_of_a_dataset_are_listed_oldest_first_and_the_dataset_id_is_required()
    {
        var dataset = await PrivateSynthesis.ReadyDatasetAsync(_client);
        var (first, _) = await PrivateSynthesis.FitAsync(_client, dataset, PrivateSynthesis.QuickMst());
        var (second, _) = await PrivateSynthesis.FitAsync(_client, dataset, new { method = "nonprivate" });

        var listed = await (await _client.GetAsync($"/models?datasetId={dataset}")).ReadJsonAsync();

        listed.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("id").GetString()).Should().Equal(first, second);
        (await (await _client.GetAsync("/models")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorsOf("datasetId").Should().NotBeEmpty();
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_fit_and_model_endpoints()
    {
        var paths = (await (await _client.GetAsync("/openapi/v1.json")).ReadJsonAsync()).GetProperty("paths");

        paths.EnumerateObject().Select(p => p.Name).Should().Contain(["/datasets/{id}/fits", "/models", "/models/{id}", "/models/{id}/samples", "/models/{id}/evaluation"]);
        var fit = paths.GetProperty("/datasets/{id}/fits").GetProperty("post");
        fit.GetProperty("requestBody").ToString().Should().Contain("FitRequest");
        fit.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["202", "400", "404", "409", "429"]).And.NotContain("403", "another user's dataset is a 404");
        paths.GetProperty("/models/{id}/evaluation").GetProperty("get").GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["200", "404", "409"]);
    }

    private async Task<byte[]> SampleAsync(string modelId, object request)
    {
        var response = await _client.PostJsonAsync($"/models/{modelId}/samples", request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, text);
        response.Headers.Location!.ToString().Should().StartWith("/jobs/");
        var job = JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
        var done = await TestSupport.Jobs.WaitForFinalAsync(_client, job);
        done.GetProperty("status").GetString().Should().Be("Succeeded", done.ToString());
        return await PrivateSynthesis.DownloadAsync(_client, job);
    }
}
