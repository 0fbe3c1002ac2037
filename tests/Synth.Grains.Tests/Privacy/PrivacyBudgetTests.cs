using Synth.Grains.Privacy;
using Synth.Grains.Tests.TestSupport;
using Synth.Runtime.Calls;
using Synth.Runtime.Grains;

namespace Synth.Grains.Tests.Privacy;

public sealed class PrivacyBudgetTests
{
    // ρ of a budget and of one fit: the grain only adds and compares ρ; conversions are Core's.
    private static readonly BudgetTotal Total = new(Epsilon: 5, Delta: 1e-9, Rho: 0.1);
    private static SpendRequest Fit(string who) => new(who, "mst", Rho: 0.0075, EpsilonEquivalent: 0.5, JobId: null);
    private const int FitsThatFit = 13; // 13 × 0.0075 = 0.0975 <= 0.1 < 14 × 0.0075

    [Fact]
    public async Task Fifty_concurrent_fits_get_exactly_the_grants_that_fit_and_the_refusals_record_nothing()
    {
        await using var cluster = await EmbeddedCluster.StartAsync();

        await FiftyConcurrentFitsAsync([cluster.Grains]);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Fifty_concurrent_fits_from_two_silos_on_postgres_get_exactly_the_grants_that_fit()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var first = await EmbeddedCluster.StartAsync(postgres: database.ConnectionString);
        await using var second = await EmbeddedCluster.StartAsync(postgres: database.ConnectionString);

        await FiftyConcurrentFitsAsync([first.Grains, second.Grains]);
    }

    private static async Task FiftyConcurrentFitsAsync(IReadOnlyList<IGrainFactory> clients)
    {
        var dataset = "d" + Guid.NewGuid().ToString("N")[..12];
        await clients[0].Get<IPrivacyBudgetGrain>(dataset).InitializeAsync(Total);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => clients[i % clients.Count].Get<IPrivacyBudgetGrain>(dataset).TrySpendAsync(Fit($"user{i}")))));

        results.Count(r => r.Granted).Should().Be(FitsThatFit);
        var refused = results.Where(r => !r.Granted).ToList();
        refused.Should().HaveCount(50 - FitsThatFit).And.OnlyContain(r => r.SpendId == null);
        refused[0].Message.Should().Contain("does not allow this").And.Contain("remains");
        var info = (await clients[^1].Get<IPrivacyBudgetGrain>(dataset).GetAsync())!;
        info.Ledger.Should().HaveCount(FitsThatFit).And.OnlyContain(e => e.Kind == "spend");
        info.SpentRho.Should().BeApproximately(FitsThatFit * 0.0075, 1e-12);
        info.RemainingRho.Should().BeApproximately(0.1 - FitsThatFit * 0.0075, 1e-12);
    }

    [Fact]
    public async Task A_refund_gives_the_grant_back_once_and_is_in_the_ledger()
    {
        await using var cluster = await EmbeddedCluster.StartAsync();
        var budget = cluster.Grains.Get<IPrivacyBudgetGrain>("refunds");
        await budget.InitializeAsync(Total);
        var grant = await budget.TrySpendAsync(Fit("ann"));

        var refunded = await budget.RefundAsync(grant.SpendId!.Value, "failed before reading the data");
        var again = await budget.RefundAsync(grant.SpendId!.Value, "twice");

        refunded.RemainingRho.Should().BeApproximately(0.1, 1e-15);
        again.Ledger.Should().HaveCount(2);
        again.Ledger[1].Should().Match<LedgerEntry>(e => e.Kind == "refund" && e.Refunds == grant.SpendId && e.Rho == -0.0075);
    }

    [Fact]
    public async Task The_total_is_set_once()
    {
        await using var cluster = await EmbeddedCluster.StartAsync();
        var budget = cluster.Grains.Get<IPrivacyBudgetGrain>("once");
        await budget.InitializeAsync(Total);

        (await budget.InitializeAsync(Total)).Total.Should().Be(Total, "the same total again is harmless");
        var change = async () => await budget.InitializeAsync(Total with { Epsilon = 50, Rho = 10 });
        (await change.Should().ThrowAsync<GrainCallException>()).Which.RemoteType.Should().Be(nameof(BudgetConflictException));
        var spendWithout = async () => await cluster.Grains.Get<IPrivacyBudgetGrain>("none").TrySpendAsync(Fit("x"));
        (await spendWithout.Should().ThrowAsync<GrainCallException>()).Which.RemoteType.Should().Be(nameof(KeyNotFoundException));
    }
}
