using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Models;

/// <summary>A fit's <c>device</c>: a GPU fit job waits for a silo tagged gpu, and gives its grant back if cancelled there.</summary>
public sealed class FitDeviceTests(SynthApiFactory factory) : IClassFixture<SynthApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task A_gpu_fit_requires_a_gpu_silo_and_waits_for_one_until_cancelled_then_is_refunded()
    {
        // The test server's one silo has no tags, so it never claims the job.
        var dataset = await PrivateSynthesis.ReadyDatasetAsync(_client, rows: 50, epsilon: 2);
        var (modelId, job) = await PrivateSynthesis.FitAsync(_client, dataset, new { method = "aim", epsilon = 0.5, device = "GPU" });

        var queued = await PrivateSynthesis.WaitForJobAsync(_client, job, j => j.GetProperty("status").GetString() == "Queued");
        queued.GetProperty("spec").GetProperty("requiredTags").EnumerateArray().Select(t => t.GetString()).Should().Equal("gpu");
        (await _client.PostAsync($"/jobs/{job}/cancel", null)).IsSuccessStatusCode.Should().BeTrue();

        await PrivateSynthesis.WaitForModelAsync(_client, modelId, "Cancelled");
        var ledger = (await PrivateSynthesis.BudgetAsync(_client, dataset)).GetProperty("ledger").EnumerateArray().ToList();
        ledger.Should().ContainSingle(e => e.GetProperty("kind").GetString() == "refund" && e.GetProperty("jobId").GetString() == job);
    }

    [Fact]
    public async Task A_cpu_or_auto_fit_requires_no_tag()
    {
        var dataset = await PrivateSynthesis.ReadyDatasetAsync(_client, rows: 50, epsilon: 2);

        foreach (var device in new[] { "cpu", "auto" })
        {
            var (_, job) = await PrivateSynthesis.FitAsync(_client, dataset, new { method = "aim", epsilon = 0.2, device, options = new { aim = new { rounds = 8, roundIterations = 20, finalIterations = 20 } } });
            var done = await TestSupport.Jobs.WaitForFinalAsync(_client, job);

            done.GetProperty("status").GetString().Should().Be("Succeeded", done.ToString());
            done.GetProperty("spec").GetProperty("requiredTags").GetArrayLength().Should().Be(0);
        }
    }
}
