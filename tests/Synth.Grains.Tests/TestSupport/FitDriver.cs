using System.Text;
using Synth.Core.Datasets;
using Synth.Core.Privacy.Accounting;
using Synth.Grains.Datasets;
using Synth.Grains.Jobs;
using Synth.Grains.Models;
using Synth.Grains.Privacy;

using Synth.TestSupport;

namespace Synth.Grains.Tests.TestSupport;

/// <summary>What the API does for a fit, straight on the grains: store a dataset, confirm its draft domain, spend, record the model, submit the job.</summary>
public static class FitDriver
{
    public const double Delta = 1e-9;

    public static string People(int rows) =>
        "sex,age,income\n" + string.Join("\n", Enumerable.Range(0, rows).Select(i => $"{(i % 3 == 0 ? "F" : "M")},{18 + i * 13 % 60},{(i % 4 == 0 ? ">50K" : "<=50K")}")) + "\n";

    /// <summary>A stored dataset with a confirmed (draft) domain and a budget of ε at <see cref="Delta"/>; returns its id and domain.</summary>
    public static async Task<(string Id, DomainSpec Domain)> DatasetAsync(SynthTestCluster cluster, string csv, double epsilon = 2)
    {
        var id = DatasetIds.New();
        var bytes = Encoding.UTF8.GetBytes(csv);
        await using (var upload = await cluster.Artifacts.BeginUploadAsync(DatasetIds.DataKey(id)))
        {
            await upload.Content.WriteAsync(bytes);
            await upload.CommitAsync();
        }
        var table = RawTable.ReadCsv(new MemoryStream(bytes));
        var profile = DatasetProfiler.Profile(table);
        var draft = DatasetProfiler.DraftDomain(profile, table);
        var dataset = cluster.Grains.GetGrain<IDatasetGrain>(id);
        await dataset.CreateAsync(new NewDataset("people", null, DatasetIds.DataKey(id), bytes.Length, table.Rows, table.Header, profile, draft));
        await dataset.ConfirmDomainAsync(draft, null);
        await cluster.Grains.GetGrain<IPrivacyBudgetGrain>(id).InitializeAsync(new BudgetTotal(epsilon, Delta, Zcdp.RhoFromEpsilon(epsilon, Delta)));
        return (id, draft);
    }

    /// <summary>Spends ε, records the model and submits its fit job; returns (model id, job id).</summary>
    public static async Task<(string Model, string Job)> SubmitFitAsync(SynthTestCluster cluster, string dataset, DomainSpec domain, double epsilon = 1, string? optionsJson = null)
    {
        var (modelId, jobId) = (ModelIds.New(), JobIds.New());
        var rho = Zcdp.RhoFromEpsilon(epsilon, Delta);
        var grant = await cluster.Grains.GetGrain<IPrivacyBudgetGrain>(dataset).TrySpendAsync(new SpendRequest("test", "mst", rho, epsilon, jobId));
        grant.Granted.Should().BeTrue(grant.Message);
        await cluster.Grains.GetGrain<IModelGrain>(modelId).CreateAsync(new NewModel(dataset, null, null, "mst", epsilon, Delta, rho, true, jobId));
        await cluster.Grains.GetGrain<IJobGrain>(jobId).SubmitAsync(new JobSpec
        {
            Kind = JobKind.Fit,
            Rows = 0,
            Format = "model",
            Seed = 0,
            Fit = new FitJobSpec(modelId, dataset, DatasetIds.DataKey(dataset), domain.ToJson(), "mst", epsilon, Delta, rho, grant.SpendId, Seed: 7, OptionsJson: optionsJson),
        });
        return (modelId, jobId);
    }
}
