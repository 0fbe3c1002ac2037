using System.Text;
using Synth.Api.Tests.TestSupport;
using Synth.Core.Datasets;

namespace Synth.Api.Tests.Models;

/// <summary>A fit's grant is refunded when it ends before touching the data, and never after.</summary>
public sealed class FitRefundTests(SynthApiFactory factory) : IClassFixture<SynthApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task A_fit_whose_data_does_not_match_the_domain_fails_before_touching_it_and_is_refunded()
    {
        var dataset = await PrivateSynthesis.UploadAsync(_client, PrivateSynthesis.People(100), epsilon: 2);
        // A domain that leaves out a category the data has (and no "other"): encoding fails, before any measurement.
        var draft = DomainSpec.FromJson(await _client.GetStringAsync($"/datasets/{dataset}/domain"));
        var narrow = draft with
        {
            Columns = [.. draft.Columns.Select(c => c.Name == "education" ? c with { Categories = [.. c.Categories!.Where(v => v != "doctorate")], Other = false } : c)],
        };
        await PrivateSynthesis.ConfirmDomainAsync(_client, dataset, narrow.ToJson());
        (await _client.GetStringAsync($"/datasets/{dataset}/domain")).Should().NotContain("doctorate");

        var (modelId, job) = await PrivateSynthesis.FitAsync(_client, dataset, PrivateSynthesis.QuickMst(epsilon: 1));
        var failed = await TestSupport.Jobs.WaitForFinalAsync(_client, job);

        failed.GetProperty("status").GetString().Should().Be("Failed");
        failed.GetProperty("error").GetString().Should().Contain("doctorate").And.Contain("is not in the domain")
            .And.Contain("a retry would not change", "the data is at fault: trying again gives the same answer, so the job fails at once");
        var budget = await PrivateSynthesis.BudgetAsync(_client, dataset);
        var ledger = budget.GetProperty("ledger");
        ledger.EnumerateArray().Select(e => e.GetProperty("kind").GetString()).Should().Equal("spend", "refund");
        ledger[1].GetProperty("refunds").GetGuid().Should().Be(ledger[0].GetProperty("id").GetGuid());
        budget.GetProperty("remainingRho").GetDouble().Should().Be(budget.GetProperty("rho").GetDouble());
        var model = await PrivateSynthesis.ModelAsync(_client, modelId);
        model.GetProperty("status").GetString().Should().Be("Failed");
        model.GetProperty("sampleable").GetBoolean().Should().BeFalse();
        Directory.Exists(Path.Combine(factory.Data.Path, "artifacts", "models", modelId)).Should().BeFalse("a failed fit leaves no artifact");
    }

    [Fact]
    public async Task A_fit_cancelled_after_touching_the_data_is_not_refunded_and_leaves_no_model()
    {
        var dataset = await PrivateSynthesis.ReadyDatasetAsync(_client, rows: 200, epsilon: 2);
        // Endless estimation: the fit is surely past reading the data while it runs.
        var slow = new { method = "mst", epsilon = 1, options = new { mst = new { finalIterations = 100_000_000, selectionIterations = 100_000_000 } } };
        var (modelId, job) = await PrivateSynthesis.FitAsync(_client, dataset, slow);

        // Stages after "read" come from the synthesizer, which runs only once the job has recorded that the data is touched.
        await PrivateSynthesis.WaitForJobAsync(_client, job, j =>
            j.GetProperty("progress").GetProperty("stage").GetString() is { } stage && stage != "read");
        var cancel = await _client.PostAsync($"/jobs/{job}/cancel", new StringContent("", Encoding.UTF8));
        var cancelled = await TestSupport.Jobs.WaitForFinalAsync(_client, job);

        cancel.IsSuccessStatusCode.Should().BeTrue();
        cancelled.GetProperty("status").GetString().Should().Be("Cancelled");
        var budget = await PrivateSynthesis.BudgetAsync(_client, dataset);
        budget.GetProperty("ledger").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).Should().Equal("spend");
        budget.GetProperty("spentRho").GetDouble().Should().BeGreaterThan(0);
        var model = await PrivateSynthesis.WaitForModelAsync(_client, modelId, "Cancelled");
        model.GetProperty("sampleable").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task A_fit_cancelled_while_queued_is_refunded()
    {
        var dataset = await PrivateSynthesis.ReadyDatasetAsync(_client, rows: 50, epsilon: 2);
        // Occupy the silo's one slot so the next fit waits in the queue.
        var slow = new { method = "mst", epsilon = 0.5, options = new { mst = new { finalIterations = 100_000_000, selectionIterations = 100_000_000 } } };
        var (_, blocker) = await PrivateSynthesis.FitAsync(_client, dataset, slow);
        await PrivateSynthesis.WaitForJobAsync(_client, blocker, j => j.GetProperty("status").GetString() == "Running");
        var (modelId, queued) = await PrivateSynthesis.FitAsync(_client, dataset, PrivateSynthesis.QuickMst(epsilon: 0.5));

        (await _client.PostAsync($"/jobs/{queued}/cancel", null)).IsSuccessStatusCode.Should().BeTrue();
        await _client.PostAsync($"/jobs/{blocker}/cancel", null);

        await PrivateSynthesis.WaitForModelAsync(_client, modelId, "Cancelled");
        var ledger = (await PrivateSynthesis.BudgetAsync(_client, dataset)).GetProperty("ledger").EnumerateArray().ToList();
        var refunds = ledger.Where(e => e.GetProperty("kind").GetString() == "refund").ToList();
        refunds.Should().ContainSingle(e => e.GetProperty("jobId").GetString() == queued);
    }
}
