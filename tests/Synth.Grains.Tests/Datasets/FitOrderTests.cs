using Synth.Grains.Datasets;
using Synth.Grains.Jobs;
using Synth.Grains.Models;
using Synth.Grains.Privacy;
using Synth.Grains.Tests.TestSupport;

using Synth.TestSupport;

namespace Synth.Grains.Tests.Datasets;

/// <summary>A fit is one call to the dataset's grain: spend, model and job all happen, or none does.</summary>
public sealed class FitOrderTests
{
    [Fact]
    public async Task A_fit_order_sent_twice_spends_once_and_creates_one_model_and_one_job()
    {
        await using var cluster = await SynthTestCluster.StartAsync();
        var (dataset, _) = await FitDriver.DatasetAsync(cluster, FitDriver.People(100));
        var order = FitDriver.Order(epsilon: 0.5);
        var grain = cluster.Grains.GetGrain<IDatasetGrain>(dataset);

        var first = await grain.FitAsync(order);
        var again = await grain.FitAsync(order); // as a caller that never heard the first answer would

        first.Refusal.Should().BeNull();
        again.Model!.Id.Should().Be(first.Model!.Id).And.Be(order.ModelId);
        again.Job!.Id.Should().Be(first.Job!.Id).And.Be(order.JobId);
        var budget = (await cluster.Grains.GetGrain<IPrivacyBudgetGrain>(dataset).GetAsync())!;
        budget.Ledger.Should().ContainSingle(e => e.Kind == "spend").Which.JobId.Should().Be(order.JobId);
        budget.SpentRho.Should().Be(first.Rho);
        (await cluster.Grains.GetGrain<IDatasetModelsGrain>(dataset).ListAsync()).Should().Equal(order.ModelId);
    }

    [Fact]
    public async Task A_fit_the_budget_cannot_hold_is_refused_and_records_no_spend_no_model_and_no_job()
    {
        await using var cluster = await SynthTestCluster.StartAsync();
        var (dataset, _) = await FitDriver.DatasetAsync(cluster, FitDriver.People(100), epsilon: 1);
        var order = FitDriver.Order(epsilon: 3);

        var outcome = await cluster.Grains.GetGrain<IDatasetGrain>(dataset).FitAsync(order);

        outcome.Refusal.Should().NotBeNullOrEmpty();
        outcome.Model.Should().BeNull();
        outcome.Budget.RemainingRho.Should().BeLessThan(outcome.Rho);
        (await cluster.Grains.GetGrain<IPrivacyBudgetGrain>(dataset).GetAsync())!.Ledger.Should().BeEmpty();
        (await cluster.Grains.GetGrain<IDatasetModelsGrain>(dataset).ListAsync()).Should().BeEmpty();
        (await cluster.Grains.GetGrain<IModelGrain>(order.ModelId).GetAsync()).Should().BeNull();
        (await cluster.Grains.GetGrain<IJobGrain>(order.JobId).GetAsync()).Should().BeNull();
    }

    [Fact]
    public async Task A_fit_whose_job_cannot_be_created_gives_its_grant_back_and_forgets_its_model()
    {
        await using var cluster = await SynthTestCluster.StartAsync();
        var (dataset, _) = await FitDriver.DatasetAsync(cluster, FitDriver.People(100));
        var order = FitDriver.Order(epsilon: 0.5);
        // Another job already holds the fit's job id, so submitting the fit job conflicts.
        await cluster.Grains.GetGrain<IJobGrain>(order.JobId).SubmitAsync(new JobSpec { Kind = JobKind.Generate, Rows = 1, Format = "csv", Seed = 1, SchemaText = TestSupport.Schemas.Seed });

        var fit = () => cluster.Grains.GetGrain<IDatasetGrain>(dataset).FitAsync(order);

        await fit.Should().ThrowAsync<JobConflictException>();
        var budget = (await cluster.Grains.GetGrain<IPrivacyBudgetGrain>(dataset).GetAsync())!;
        budget.Ledger.Select(e => e.Kind).Should().Equal("spend", "refund");
        budget.SpentRho.Should().Be(0);
        (await cluster.Grains.GetGrain<IModelGrain>(order.ModelId).GetAsync()).Should().BeNull();
        (await cluster.Grains.GetGrain<IDatasetModelsGrain>(dataset).ListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_fit_asked_by_someone_other_than_the_owner_is_refused_before_any_spend()
    {
        await using var cluster = await SynthTestCluster.StartAsync();
        var (dataset, _) = await FitDriver.DatasetAsync(cluster, FitDriver.People(100), owner: "ada");

        var fit = () => cluster.Grains.GetGrain<IDatasetGrain>(dataset).FitAsync(FitDriver.Order() with { Requester = "eve" });

        (await fit.Should().ThrowAsync<UnauthorizedAccessException>()).WithMessage("*only the owner*");
        (await cluster.Grains.GetGrain<IPrivacyBudgetGrain>(dataset).GetAsync())!.Ledger.Should().BeEmpty();
    }
}
