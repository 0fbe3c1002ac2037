using Synth.Core.Datasets;
using Synth.Core.Formats;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Synthesizers;
using Synth.Grains.Jobs;
using Synth.Grains.Models;
using Synth.Grains.Privacy;
using Synth.Grains.Tests.TestSupport;

using Synth.TestSupport;

namespace Synth.Grains.Tests.Models;

/// <summary>Fit and sample jobs on the embedded cluster: the budget's rules around touching the data, and sample output however it is cut.</summary>
public sealed class FitJobTests
{
    private const string QuickMst = """{"mst": {"selectionIterations": 50, "finalIterations": 100}}""";

    [Fact]
    public async Task A_fit_that_fails_after_touching_the_data_is_not_retried_and_not_refunded()
    {
        FlakyArtifactStore? flaky = null;
        await using var cluster = await SynthTestCluster.StartAsync(wrapArtifacts: store => flaky = new FlakyArtifactStore(store, key => key.EndsWith("/model.synth", StringComparison.Ordinal), failures: 1));
        var (dataset, domain) = await FitDriver.DatasetAsync(cluster, FitDriver.People(200));

        var (model, job) = await FitDriver.SubmitFitAsync(cluster, dataset, optionsJson: QuickMst);
        var info = await JobDriver.WaitUntilFinalAsync(cluster, job);

        info.Status.Should().Be(JobStatus.Failed);
        info.Error.Should().Contain("not retried").And.Contain("injected failure");
        flaky!.Failed.Should().Be(1, "one run only: a second would measure the data again");
        var budget = (await cluster.Grains.GetGrain<IPrivacyBudgetGrain>(dataset).GetAsync())!;
        budget.Ledger.Select(e => e.Kind).Should().Equal("spend");
        (await WaitForModelAsync(cluster, model, ModelStatus.Failed)).Error.Should().Contain("injected failure");
    }

    [Fact]
    public async Task A_fit_whose_model_is_stored_once_complete_is_ready_with_its_size_and_the_job_offers_it_for_download()
    {
        await using var cluster = await SynthTestCluster.StartAsync();
        var (dataset, domain) = await FitDriver.DatasetAsync(cluster, FitDriver.People(300));

        var (model, job) = await FitDriver.SubmitFitAsync(cluster, dataset, optionsJson: QuickMst);
        var info = await JobDriver.WaitUntilFinalAsync(cluster, job);

        info.Status.Should().Be(JobStatus.Succeeded, info.Error);
        info.Progress.Stage.Should().Be("done");
        var ready = await WaitForModelAsync(cluster, model, ModelStatus.Ready);
        var stored = await JobDriver.DownloadAsync(cluster, info.Files.Single());
        ready.ModelBytes.Should().Be(stored.Length);
        ready.TrainRows.Should().Be(240);
        ready.HoldoutRows.Should().Be(60);
        TableModel.Load(stored).Domain.Should().BeEquivalentTo(domain);
    }

    [Fact]
    public async Task A_sample_job_cut_into_batches_is_byte_identical_to_sampling_the_model_in_one_piece()
    {
        await using var cluster = await SynthTestCluster.StartAsync();
        var table = RawTable.ReadCsv(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(FitDriver.People(500))));
        var domain = DatasetProfiler.DraftDomain(DatasetProfiler.Profile(table), table);
        var model = TableModel.Fit(table, domain, new NonPrivateSynthesizer(), PrivacyBudget.Infinite);
        var modelId = ModelIds.New();
        await using (var upload = await cluster.Artifacts.BeginUploadAsync(ModelIds.ModelKey(modelId)))
        {
            await upload.Content.WriteAsync(model.Serialize());
            await upload.CommitAsync();
        }
        // Two batches, so two shards: the JSON array's separators and its footer cross a part boundary.
        var rows = TableModel.BatchRows + 3_000L;

        var info = await JobDriver.RunAsync(cluster, new JobSpec
        {
            Kind = JobKind.Sample, Rows = rows, Format = "json", Seed = 3, Sample = new SampleJobSpec(modelId, ModelIds.ModelKey(modelId)),
        });

        info.Status.Should().Be(JobStatus.Succeeded, info.Error);
        info.Progress.ShardsDone.Should().Be(2);
        var downloaded = await JobDriver.DownloadAsync(cluster, info.Files.Single());
        using var onePiece = new MemoryStream();
        new SampleFileWriter(model, OutputFormats.Create("json", new FormatOptions())).Write(rows, 3, onePiece);
        downloaded.AsSpan().SequenceEqual(onePiece.ToArray()).Should().BeTrue("the parts concatenate into the one-piece file");
    }

    private static async Task<ModelInfo> WaitForModelAsync(SynthTestCluster cluster, string id, ModelStatus status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var model = (await cluster.Grains.GetGrain<IModelGrain>(id).GetAsync())!;
            if (model.Status == status) return model;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"model {id} is {model.Status}");
            await Task.Delay(50);
        }
    }
}
