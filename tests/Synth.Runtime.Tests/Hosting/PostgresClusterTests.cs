using Synth.Runtime.Calls;
using Synth.Runtime.Storage;
using Synth.Runtime.Storage.Postgres;
using Synth.Runtime.TestHost.Grains;
using Synth.Runtime.Tests.TestSupport;

namespace Synth.Runtime.Tests.Hosting;

/// <summary>Several silos in this process on one PostgreSQL database: what only a cluster can show.</summary>
[Trait("Category", "Integration")]
public sealed class PostgresClusterTests : IAsyncLifetime
{
    private PostgresDatabase _database = null!;
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _cluster = new TestCluster(() => Task.FromResult<IClusterStore>(new PostgresClusterStore(_database.ConnectionString)));
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static string NewKey() => Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_thousand_concurrent_calls_from_two_silos_count_exactly_and_one_activation_serves_them()
    {
        var a = await _cluster.StartSiloAsync();
        var b = await _cluster.StartSiloAsync();
        var key = NewKey();

        var calls = Enumerable.Range(0, 1000).Select(i => (i % 2 == 0 ? a : b).Client.Get<ICounterGrain>(key).Add(1));
        await Task.WhenAll(calls);

        (await a.Client.Get<ICounterGrain>(key).Get()).Should().Be(1000);
        TurnLog.ActivationsOf(key).Should().Be(1, "a grain has a single activation in the whole cluster");
        TurnLog.MaxConcurrentTurnsOf(key).Should().Be(1);
        (a.ActivationCount + b.ActivationCount).Should().Be(1);
    }

    [Fact]
    public async Task A_silo_that_joins_is_seen_by_every_client_at_once_not_at_the_next_periodic_read()
    {
        var a = await _cluster.StartSiloAsync();
        await a.Client.Get<ICounterGrain>(NewKey()).Add(1); // the view has just been read

        var b = await _cluster.StartSiloAsync();
        var deadline = DateTime.UtcNow.AddMilliseconds(800);
        while (!a.Client.Membership.Silos.Any(s => s.SiloId == b.SiloId) && DateTime.UtcNow < deadline) await Task.Delay(20);

        a.Client.Membership.Silos.Select(s => s.SiloId).Should().Contain(b.SiloId);
    }

    [Fact]
    public async Task Three_silos_starting_together_on_an_empty_database_all_come_up()
    {
        var silos = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _cluster.StartSiloAsync()));

        var rows = await silos[0].Store.GetSilosAsync(CancellationToken.None);
        rows.Where(r => r.Status == SiloStatus.Active).Should().HaveCount(3);
    }

    [Fact]
    public async Task A_gpu_grain_activates_only_on_the_gpu_silo_and_fails_clearly_when_it_is_gone()
    {
        var plain = await _cluster.StartSiloAsync();
        var gpu = await _cluster.StartSiloAsync(TestCluster.FastOptions("gpu"));

        var hosts = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => plain.Client.Get<IGpuGrain>($"model-{i}").WhereAmI()));
        hosts.Should().OnlyContain(h => h == gpu.SiloId);

        await gpu.StopAsync(CancellationToken.None);
        await plain.Client.Membership.RefreshAsync(CancellationToken.None);
        var act = () => plain.Client.Get<IGpuGrain>("model-0").WhereAmI();
        (await act.Should().ThrowAsync<NoEligibleSiloException>()).Which.Message.Should().Contain("'gpu'");
    }

    [Fact]
    public async Task When_a_silo_crashes_its_grain_moves_with_its_state_and_its_reminder_keeps_ticking()
    {
        var a = await _cluster.StartSiloAsync();
        var b = await _cluster.StartSiloAsync();
        var key = NewKey();
        var grain = a.Client.Get<IReminderGrain>(key);
        await grain.StartTicking(1);
        var host = await grain.WhereAmI();
        var (victim, survivor) = host == a.SiloId ? (a, b) : (b, a);
        await Task.Delay(2500);
        var ticksBefore = await survivor.Client.Get<IReminderGrain>(key).Ticks();

        var crashedAt = DateTime.UtcNow;
        await _cluster.CrashAsync(victim);
        var newHost = await survivor.Client.Get<IReminderGrain>(key).WhereAmI();
        var failover = DateTime.UtcNow - crashedAt;
        await Task.Delay(2500);
        var ticksAfter = await survivor.Client.Get<IReminderGrain>(key).Ticks();

        newHost.Should().Be(survivor.SiloId);
        failover.Should().BeLessThan(TimeSpan.FromSeconds(10));
        ticksBefore.Should().BeGreaterThanOrEqualTo(1);
        ticksAfter.Should().BeGreaterThan(ticksBefore, "the state moved intact and the reminder kept firing");
        await survivor.Client.Get<IReminderGrain>(key).StopTicking();
    }
}
