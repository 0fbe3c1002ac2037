using Synth.Core.Privacy.Accounting;
using Synth.Grains.Privacy;
using Synth.Grains.Tests.TestSupport;

using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Synth.TestSupport;

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
        await using var cluster = await SynthTestCluster.StartAsync();

        await FiftyConcurrentFitsAsync([cluster.Grains]);
    }

    [Fact]
    public async Task Fifty_concurrent_fits_sent_through_both_silos_get_exactly_the_grants_that_fit()
    {
        await using var cluster = await SynthTestCluster.StartAsync(silos: 2);
        var factories = cluster.Cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<IGrainFactory>()).ToList();

        await FiftyConcurrentFitsAsync(factories);
    }

    [Fact]
    public async Task A_spend_retried_with_its_request_id_is_granted_once()
    {
        await using var cluster = await SynthTestCluster.StartAsync(silos: 1);
        var budget = cluster.Grains.GetGrain<IPrivacyBudgetGrain>("retried");
        await budget.InitializeAsync(Total);
        var request = Fit("retrying-client") with { RequestId = Guid.NewGuid() };

        var first = await budget.TrySpendAsync(request);
        var again = await budget.TrySpendAsync(request);

        first.Granted.Should().BeTrue();
        again.Should().Be(first);
        (await budget.GetAsync())!.Ledger.Should().ContainSingle().Which.Id.Should().Be(request.RequestId!.Value);
    }

    [Fact]
    public async Task A_stale_activation_whose_write_is_refused_answers_no_retry_from_memory_and_the_retry_sees_the_stored_ledger()
    {
        await using var cluster = await SynthTestCluster.StartAsync(silos: 1);
        var budget = cluster.Grains.GetGrain<IPrivacyBudgetGrain>("stale");
        await budget.InitializeAsync(Total);
        await budget.TrySpendAsync(Fit("ann"));
        // Another activation (as on a silo that took over while this one was frozen) grants a spend: the stored ETag moves on.
        var storage = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(SynthStorage.Name);
        var stored = new GrainState<PrivacyBudgetState>(new PrivacyBudgetState());
        await storage.ReadStateAsync("budget", budget.GetGrainId(), stored);
        stored.State!.Ledger.Add(new LedgerEntry(Guid.NewGuid(), "spend", DateTimeOffset.UtcNow, "bob", "mst", 0.0075, 0.5, null, null, null));
        await storage.WriteStateAsync("budget", budget.GetGrainId(), stored);
        var request = Fit("cy") with { RequestId = Guid.NewGuid() };

        var stale = () => budget.TrySpendAsync(request);
        await stale.Should().ThrowAsync<Exception>("this activation's ETag is old: its write must fail");
        var retried = await budget.TrySpendAsync(request);

        retried.Granted.Should().BeTrue();
        var ledger = (await budget.GetAsync())!.Ledger;
        ledger.Select(e => e.Who).Should().Equal("ann", "bob", "cy");
        await storage.ReadStateAsync("budget", budget.GetGrainId(), stored);
        stored.State!.Ledger.Select(e => e.Who).Should().Equal("ann", "bob", "cy");
    }

    private static async Task FiftyConcurrentFitsAsync(IReadOnlyList<IGrainFactory> clients)
    {
        var dataset = "d" + Guid.NewGuid().ToString("N")[..12];
        await clients[0].GetGrain<IPrivacyBudgetGrain>(dataset).InitializeAsync(Total);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => clients[i % clients.Count].GetGrain<IPrivacyBudgetGrain>(dataset).TrySpendAsync(Fit($"user{i}")))));

        results.Count(r => r.Granted).Should().Be(FitsThatFit);
        var refused = results.Where(r => !r.Granted).ToList();
        refused.Should().HaveCount(50 - FitsThatFit).And.OnlyContain(r => r.SpendId == null);
        refused[0].Message.Should().Contain("does not allow this").And.Contain("remains");
        var info = (await clients[^1].GetGrain<IPrivacyBudgetGrain>(dataset).GetAsync())!;
        info.Ledger.Should().HaveCount(FitsThatFit).And.OnlyContain(e => e.Kind == "spend");
        info.SpentRho.Should().BeApproximately(FitsThatFit * 0.0075, 1e-12);
        info.RemainingRho.Should().BeApproximately(0.1 - FitsThatFit * 0.0075, 1e-12);
    }

    [Fact]
    public async Task A_refund_gives_the_grant_back_once_and_is_in_the_ledger()
    {
        await using var cluster = await SynthTestCluster.StartAsync();
        var budget = cluster.Grains.GetGrain<IPrivacyBudgetGrain>("refunds");
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
        await using var cluster = await SynthTestCluster.StartAsync();
        var budget = cluster.Grains.GetGrain<IPrivacyBudgetGrain>("once");
        await budget.InitializeAsync(Total);

        (await budget.InitializeAsync(Total)).Total.Should().Be(Total, "the same total again is harmless");
        var change = async () => await budget.InitializeAsync(Total with { Epsilon = 50, Rho = 10 });
        await change.Should().ThrowAsync<BudgetConflictException>();
        var spendWithout = async () => await cluster.Grains.GetGrain<IPrivacyBudgetGrain>("none").TrySpendAsync(Fit("x"));
        await spendWithout.Should().ThrowAsync<KeyNotFoundException>();
    }

    // A consistent total, as the API makes it: ρ is the tightest that (ε = 1, δ = 1e-6) allows.
    private static readonly BudgetTotal Consistent = new(Epsilon: 1, Delta: 1e-6, Rho: Zcdp.RhoFromEpsilon(1, 1e-6));

    private static SpendRequest Derivation(double rho, double delta) => new("ann", "domain-derivation", rho, 0.1, JobId: null, Delta: delta);

    [Fact]
    public async Task A_spend_whose_delta_does_not_fit_is_refused_and_nothing_is_recorded()
    {
        await using var cluster = await SynthTestCluster.StartAsync();
        var budget = cluster.Grains.GetGrain<IPrivacyBudgetGrain>("delta-refused");
        await budget.InitializeAsync(Consistent);

        var all = await budget.TrySpendAsync(Derivation(0.001, 1e-6));
        var more = await budget.TrySpendAsync(Derivation(0.001, 2e-6));

        all.Granted.Should().BeFalse("no δ would be left to turn ρ into ε");
        all.Message.Should().Contain("δ′");
        more.Granted.Should().BeFalse();
        var info = (await budget.GetAsync())!;
        info.Ledger.Should().BeEmpty();
        info.SpentDelta.Should().Be(0);
        info.RemainingRho.Should().Be(Consistent.Rho);
    }

    [Fact]
    public async Task A_spend_with_delta_leaves_the_rho_that_the_rest_of_delta_allows()
    {
        await using var cluster = await SynthTestCluster.StartAsync();
        var budget = cluster.Grains.GetGrain<IPrivacyBudgetGrain>("delta-granted");
        await budget.InitializeAsync(Consistent);

        var grant = await budget.TrySpendAsync(Derivation(0.002, 5e-7));

        grant.Granted.Should().BeTrue();
        var allowed = Zcdp.RhoFromEpsilon(1, 5e-7);
        allowed.Should().BeLessThan(Consistent.Rho);
        var info = (await budget.GetAsync())!;
        info.SpentDelta.Should().Be(5e-7);
        info.SpentRho.Should().Be(0.002);
        info.RemainingRho.Should().BeApproximately(allowed - 0.002, 1e-12);
        info.Ledger.Single().Delta.Should().Be(5e-7);

        // A fit that would have fitted before the δ′ spend, but not within what (ε, δ − δ′) allows, is refused.
        (await budget.TrySpendAsync(new SpendRequest("ann", "mst", Consistent.Rho - 0.002, 1, null))).Granted.Should().BeFalse();
        (await budget.TrySpendAsync(new SpendRequest("ann", "mst", allowed - 0.002, 1, null))).Granted.Should().BeTrue();
    }

    [Fact]
    public async Task A_refund_gives_the_delta_back_too()
    {
        await using var cluster = await SynthTestCluster.StartAsync();
        var budget = cluster.Grains.GetGrain<IPrivacyBudgetGrain>("delta-refund");
        await budget.InitializeAsync(Consistent);
        var grant = await budget.TrySpendAsync(Derivation(0.002, 5e-7));

        var info = await budget.RefundAsync(grant.SpendId!.Value, "failed before reading the data");

        info.SpentDelta.Should().Be(0);
        info.SpentRho.Should().Be(0);
        info.RemainingRho.Should().Be(Consistent.Rho);
        info.Ledger[1].Delta.Should().Be(-5e-7);
    }
}
