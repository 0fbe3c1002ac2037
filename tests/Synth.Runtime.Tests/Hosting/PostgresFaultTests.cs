using System.Diagnostics;
using Synth.Runtime.Calls;
using Synth.Runtime.Storage.Postgres;
using Synth.Runtime.TestHost;
using Synth.Runtime.TestHost.Grains;
using Synth.Runtime.Tests.TestSupport;

namespace Synth.Runtime.Tests.Hosting;

/// <summary>Silos as real processes on PostgreSQL, killed (SIGKILL) or frozen (SIGSTOP) mid-work.</summary>
[Trait("Category", "Integration")]
public sealed class PostgresFaultTests : IAsyncLifetime
{
    private PostgresDatabase _database = null!;
    private PostgresClusterStore _store = null!;
    private ClusterClient _client = null!;
    private readonly List<SiloProcess> _silos = [];

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _store = new PostgresClusterStore(_database.ConnectionString);
        await _store.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var s in _silos) await s.DisposeAsync();
        if (_client is not null) await _client.DisposeAsync();
        await _store.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<(SiloProcess A, SiloProcess B)> StartTwoSilosAsync(params string[] args)
    {
        var silos = await Task.WhenAll(SiloProcess.StartAsync(_database.ConnectionString, args), SiloProcess.StartAsync(_database.ConnectionString, args));
        _silos.AddRange(silos);
        // A plain client in the test process: it hosts nothing, it only calls.
        _client = new ClusterClient(_store, TestGrains.Registry());
        await _client.StartAsync(CancellationToken.None);
        return (silos[0], silos[1]);
    }

    [Fact]
    public async Task Kill_9_of_the_host_moves_the_grain_with_its_state_and_every_accepted_call_runs_exactly_once()
    {
        var (a, b) = await StartTwoSilosAsync();
        var grain = _client.Get<IReminderGrain>("reminded");
        await grain.StartTicking(1);
        await grain.Add(100);
        var host = await grain.WhereAmI();
        var (victim, survivor) = host == a.SiloId ? (a, b) : (b, a);
        await Task.Delay(2500);

        // 30 slow calls are accepted; the host dies while working through them.
        var calls = Enumerable.Range(0, 30).Select(_ => grain.AddSlowly(1, 100)).ToList();
        await Task.Delay(800);
        var ticksAtKill = await ReadTicksAsync();
        victim.Kill();
        var clock = Stopwatch.StartNew();
        var newHost = await grain.WhereAmI();
        var failover = clock.Elapsed;
        await Task.WhenAll(calls);
        await Task.Delay(2500);

        newHost.Should().Be(survivor.SiloId);
        failover.Should().BeLessThan(TimeSpan.FromSeconds(10), "default settings fail over within 10 s");
        (await grain.Get()).Should().Be(130, "each of the 30 accepted calls ran once: none lost, none repeated");
        (await grain.Ticks()).Should().BeGreaterThan(ticksAtKill, "the reminder kept firing on the new host");
        await grain.StopTicking();
    }

    [Fact]
    public async Task A_frozen_silo_that_wakes_up_after_losing_its_lease_cannot_write_its_stale_state()
    {
        var (a, b) = await StartTwoSilosAsync("--death-timeout-ms", "3000");
        var grain = _client.Get<ICounterGrain>("fenced");
        await grain.Add(1);
        var host = await grain.WhereAmI();
        var (victim, survivor) = host == a.SiloId ? (a, b) : (b, a);

        // The host is frozen in the middle of a call; the cluster gives the grain to the survivor,
        // which runs the same accepted call.
        var slow = grain.AddSlowly(10, 1500);
        await Task.Delay(300);
        victim.Freeze();
        var result = await slow;
        (await grain.WhereAmI()).Should().Be(survivor.SiloId);

        // The old host wakes up, finishes its copy of the call and tries to commit it.
        victim.Resume();
        await Task.Delay(3000);

        result.Should().Be(11);
        (await grain.Get()).Should().Be(11, "the stale owner's write of the same call was fenced off");
        var silos = await _store.GetSilosAsync(CancellationToken.None);
        silos.Single(s => s.SiloId == victim.SiloId).Status.Should().Be(Synth.Runtime.Storage.SiloStatus.Dead);
    }

    private async Task<long> ReadTicksAsync() => await _client.Get<IReminderGrain>("reminded").Ticks();
}
