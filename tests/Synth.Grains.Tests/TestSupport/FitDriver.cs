using System.Text;
using Synth.Core.Datasets;
using Synth.Core.Privacy.Accounting;
using Synth.Grains.Datasets;
using Synth.Grains.Jobs;
using Synth.Grains.Models;
using Synth.Grains.Privacy;

using Synth.TestSupport;

namespace Synth.Grains.Tests.TestSupport;

/// <summary>What the API does for a fit, straight on the grains: store a dataset, confirm its draft domain, start a fit.</summary>
public static class FitDriver
{
    public const double Delta = 1e-9;

    public static string People(int rows) =>
        "sex,age,income\n" + string.Join("\n", Enumerable.Range(0, rows).Select(i => $"{(i % 3 == 0 ? "F" : "M")},{18 + i * 13 % 60},{(i % 4 == 0 ? ">50K" : "<=50K")}")) + "\n";

    /// <summary>A stored dataset with a confirmed (draft) domain and a budget of ε at <see cref="Delta"/>; returns its id and domain.</summary>
    public static async Task<(string Id, DomainSpec Domain)> DatasetAsync(SynthTestCluster cluster, string csv, double epsilon = 2, string? owner = null)
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
        await dataset.CreateAsync(new NewDataset("people", owner, DatasetIds.DataKey(id), bytes.Length, table.Rows, table.Header, profile, draft));
        await dataset.ConfirmDomainAsync(draft, owner);
        await cluster.Grains.GetGrain<IPrivacyBudgetGrain>(id).InitializeAsync(new BudgetTotal(epsilon, Delta, Zcdp.RhoFromEpsilon(epsilon, Delta)));
        return (id, draft);
    }

    /// <summary>An MST fit order of ε as the API makes it (fresh model, job and request ids).</summary>
    public static FitOrder Order(double epsilon = 1, string? optionsJson = null) =>
        new(null, "mst", true, epsilon, Delta, FitJobSpec.DefaultHoldoutFraction, 7, null, optionsJson, ModelIds.New(), JobIds.New(), Guid.NewGuid());

    /// <summary>Starts an MST fit of ε through the dataset's grain, as the API does; returns (model id, job id).</summary>
    public static async Task<(string Model, string Job)> SubmitFitAsync(SynthTestCluster cluster, string dataset, double epsilon = 1, string? optionsJson = null)
    {
        var outcome = await cluster.Grains.GetGrain<IDatasetGrain>(dataset).FitAsync(Order(epsilon, optionsJson));
        outcome.Refusal.Should().BeNull();
        return (outcome.Model!.Id, outcome.Job!.Id);
    }
}
