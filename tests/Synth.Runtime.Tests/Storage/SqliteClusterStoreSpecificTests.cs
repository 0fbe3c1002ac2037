using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Synth.Runtime.Storage;
using Synth.Runtime.Storage.Sqlite;
using Xunit.Abstractions;

namespace Synth.Runtime.Tests.Storage;

/// <summary>
/// What only the SQLite provider has to show: SQLite's single write lock really serialises
/// concurrent writers (threads, stores, and "processes" — isolated stores that share nothing but
/// the file), migrations, in-process signalling, and enough speed for embedded mode.
/// </summary>
public sealed class SqliteClusterStoreSpecificTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private readonly SqliteTestDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    // ---- single activation ------------------------------------------------------------

    [Fact]
    public async Task Twenty_threads_racing_for_one_lease_leave_exactly_one_owner()
    {
        var setup = await _database.OpenAsync();
        var silos = Enumerable.Range(0, 20).Select(i => $"silo-{i:00}").ToArray();
        foreach (var silo in silos) await setup.RegisterSiloAsync(silo, silo, "local", [], CancellationToken.None);
        // Half the racers share this process's gate, half meet only at SQLite's lock, as other processes would.
        var stores = new IClusterStore[silos.Length];
        for (var i = 0; i < stores.Length; i++) stores[i] = i % 2 == 0 ? await _database.OpenAsync() : await OpenIsolatedAsync();
        var grain = new GrainId("ICounterGrain", "raced");

        var leases = await RaceAsync(silos.Length, i => stores[i].AcquireLeaseAsync(grain, silos[i], CancellationToken.None));

        leases.Select(l => (l.SiloId, l.Epoch)).Distinct().Should().ContainSingle("every racer must be told the same winner");
        leases[0].Epoch.Should().Be(1);
        (await setup.GetLeaseAsync(grain, CancellationToken.None)).Should().Be(leases[0]);
    }

    [Fact]
    public async Task A_released_lease_is_taken_with_the_next_epoch_so_no_epoch_is_handed_out_twice()
    {
        var store = await _database.OpenAsync();
        await store.RegisterSiloAsync("a", "a", "local", [], CancellationToken.None);
        var grain = new GrainId("ICounterGrain", "released");

        var first = await store.AcquireLeaseAsync(grain, "a", CancellationToken.None);
        await store.ReleaseLeaseAsync(first, CancellationToken.None);
        var afterRelease = await store.GetLeaseAsync(grain, CancellationToken.None);
        var second = await store.AcquireLeaseAsync(grain, "a", CancellationToken.None);
        await store.StopSiloAsync("a", CancellationToken.None);
        await store.RegisterSiloAsync("a", "a", "local", [], CancellationToken.None);
        var third = await store.AcquireLeaseAsync(grain, "a", CancellationToken.None);

        first.Epoch.Should().Be(1);
        afterRelease.Should().BeNull();
        second.Epoch.Should().Be(2);
        third.Epoch.Should().Be(3);
    }

    [Fact]
    public async Task A_silo_silent_longer_than_the_timeout_is_declared_dead_and_its_grain_moves_with_a_new_epoch()
    {
        var clock = new ManualClock();
        var store = await _database.OpenAsync(clock);
        await store.RegisterSiloAsync("a", "a", "local", [], CancellationToken.None);
        await store.RegisterSiloAsync("b", "b", "local", ["gpu"], CancellationToken.None);
        var grain = new GrainId("ICounterGrain", "moved");
        var old = await store.AcquireLeaseAsync(grain, "a", CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(4));
        (await store.HeartbeatAsync("b", 3, CancellationToken.None)).Should().BeTrue();
        (await store.DeclareDeadSilosAsync(TimeSpan.FromSeconds(5), CancellationToken.None)).Should().BeEmpty();
        clock.Advance(TimeSpan.FromSeconds(2));
        var dead = await store.DeclareDeadSilosAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        var stillOwnedByDead = await store.AcquireLeaseAsync(grain, "b", CancellationToken.None);

        dead.Should().Equal("a");
        (await store.HeartbeatAsync("a", 0, CancellationToken.None)).Should().BeFalse("a dead silo must drop its activations");
        stillOwnedByDead.Should().Be(new Lease(grain, "b", old.Epoch + 1));
        var silos = await store.GetSilosAsync(CancellationToken.None);
        silos.Select(s => (s.SiloId, s.Status)).Should().Equal(("a", SiloStatus.Dead), ("b", SiloStatus.Active));
        silos[1].Tags.Should().Equal("gpu");
        silos[1].Activations.Should().Be(3);
        silos[1].HeartbeatAt.Should().Be(clock.GetUtcNow() - TimeSpan.FromSeconds(2));
    }

    // ---- calls ------------------------------------------------------------------------

    [Fact]
    public async Task Inbox_sequences_from_eight_concurrent_enqueuers_are_gap_free()
    {
        const int perEnqueuer = 100;
        var grain = new GrainId("ICounterGrain", "busy");
        var stores = await OpenMixedAsync(8);

        var sequences = await Task.WhenAll(stores.Select(store => Task.Run(async () =>
        {
            var mine = new List<long>();
            for (var i = 0; i < perEnqueuer; i++) mine.Add(await store.EnqueueCallAsync(Call(grain), CancellationToken.None));
            return mine;
        })));

        sequences.SelectMany(s => s).Order().Should().Equal(Enumerable.Range(1, 8 * perEnqueuer).Select(i => (long)i));
        sequences.Should().OnlyContain(mine => mine.SequenceEqual(mine.Order()), "each enqueuer's own calls are ordered as it sent them");
        var pending = await stores[0].GetPendingCallsAsync(grain, 0, 10_000, CancellationToken.None);
        pending.Select(c => c.Sequence).Should().Equal(Enumerable.Range(1, 8 * perEnqueuer).Select(i => (long)i));
    }

    [Fact]
    public async Task Enqueueing_the_same_call_twice_returns_its_first_sequence_and_stores_it_once()
    {
        var store = await _database.OpenAsync();
        var grain = new GrainId("ICounterGrain", "once");
        var call = Call(grain);

        var first = await store.EnqueueCallAsync(call, CancellationToken.None);
        var other = await store.EnqueueCallAsync(Call(grain), CancellationToken.None);
        var again = await store.EnqueueCallAsync(call with { Method = "Changed" }, CancellationToken.None);

        (first, other, again).Should().Be((1L, 2L, 1L));
        var pending = await store.GetPendingCallsAsync(grain, 0, 10, CancellationToken.None);
        pending.Should().HaveCount(2);
        pending[0].Should().BeEquivalentTo(call with { Sequence = 1, Deadline = TruncatedToMilliseconds(call.Deadline) });
    }

    [Fact]
    public async Task A_completion_with_a_stale_etag_stores_neither_the_state_nor_the_reply()
    {
        var store = await _database.OpenAsync();
        var (grain, lease) = await ActiveGrainAsync(store, "etag");
        await store.WriteStateAsync(lease, new StateWrite(grain, [1], null, "e1", lease.Epoch), CancellationToken.None);
        var call = Call(grain);
        await store.EnqueueCallAsync(call, CancellationToken.None);

        var refused = () => store.CompleteCallAsync(lease, Reply(call), new StateWrite(grain, [2], "stale", "e2", lease.Epoch), CancellationToken.None);

        (await refused.Should().ThrowAsync<InconsistentStateException>())
            .Which.Message.Should().Contain("ICounterGrain/etag").And.Contain("ETag check failed");
        (await store.GetReplyAsync(call.CallId, CancellationToken.None)).Should().BeNull();
        (await store.GetPendingCallsAsync(grain, 0, 10, CancellationToken.None)).Should().ContainSingle();
        await ShouldHaveStateAsync(store, grain, [1], "e1");

        await store.CompleteCallAsync(lease, Reply(call), new StateWrite(grain, [2], "e1", "e2", lease.Epoch), CancellationToken.None);

        (await store.GetReplyAsync(call.CallId, CancellationToken.None)).Should().BeEquivalentTo(Reply(call));
        (await store.GetPendingCallsAsync(grain, 0, 10, CancellationToken.None)).Should().BeEmpty();
        await ShouldHaveStateAsync(store, grain, [2], "e2");
    }

    [Fact]
    public async Task Writes_by_an_owner_with_a_stale_epoch_are_refused_and_change_nothing()
    {
        var clock = new ManualClock();
        var store = await _database.OpenAsync(clock);
        var (grain, stale) = await ActiveGrainAsync(store, "fenced");
        await store.WriteStateAsync(stale, new StateWrite(grain, [1], null, "e1", stale.Epoch), CancellationToken.None);
        var call = Call(grain);
        await store.EnqueueCallAsync(call, CancellationToken.None);
        await store.RegisterSiloAsync("b", "b", "local", [], CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        await store.HeartbeatAsync("b", 0, CancellationToken.None);
        await store.DeclareDeadSilosAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        var current = await store.AcquireLeaseAsync(grain, "b", CancellationToken.None);

        var write = () => store.WriteStateAsync(stale, new StateWrite(grain, [9], "e1", "e9", stale.Epoch), CancellationToken.None);
        var complete = () => store.CompleteCallAsync(stale, Reply(call), new StateWrite(grain, [9], "e1", "e9", stale.Epoch), CancellationToken.None);

        current.Epoch.Should().Be(stale.Epoch + 1);
        (await write.Should().ThrowAsync<InconsistentStateException>())
            .Which.Message.Should().Contain("ICounterGrain/fenced").And.Contain("lease check failed").And.Contain("silo b holds epoch 2");
        (await complete.Should().ThrowAsync<InconsistentStateException>()).Which.Message.Should().Contain("lease check failed");
        await ShouldHaveStateAsync(store, grain, [1], "e1");
        (await store.GetReplyAsync(call.CallId, CancellationToken.None)).Should().BeNull();
        (await store.GetPendingCallsAsync(grain, 0, 10, CancellationToken.None)).Should().ContainSingle();
    }

    [Fact]
    public async Task Completing_a_completed_call_again_keeps_the_first_reply_and_state()
    {
        var store = await _database.OpenAsync();
        var (grain, lease) = await ActiveGrainAsync(store, "twice");
        var call = Call(grain);
        await store.EnqueueCallAsync(call, CancellationToken.None);
        await store.CompleteCallAsync(lease, Reply(call), new StateWrite(grain, [1], null, "e1", lease.Epoch), CancellationToken.None);

        await store.CompleteCallAsync(lease, Reply(call) with { Result = [7] }, new StateWrite(grain, [2], "e1", "e2", lease.Epoch), CancellationToken.None);

        (await store.GetReplyAsync(call.CallId, CancellationToken.None)).Should().BeEquivalentTo(Reply(call));
        await ShouldHaveStateAsync(store, grain, [1], "e1");
        (await store.GetPendingCallsAsync(grain, 0, 10, CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task Empty_arguments_results_state_and_payloads_come_back_empty_not_null()
    {
        var store = await _database.OpenAsync();
        var (grain, lease) = await ActiveGrainAsync(store, "empty");
        var call = Call(grain) with { Arguments = [], RequiredTags = [] };
        await store.EnqueueCallAsync(call, CancellationToken.None);

        var pending = await store.GetPendingCallsAsync(grain, 0, 10, CancellationToken.None);
        await store.CompleteCallAsync(lease, new CallReply(call.CallId, true, [], null, null), new StateWrite(grain, [], null, "e1", lease.Epoch), CancellationToken.None);
        await store.AppendEventAsync("empty", [], CancellationToken.None);

        pending.Should().ContainSingle().Which.Arguments.Should().BeEmpty();
        pending[0].RequiredTags.Should().BeEmpty();
        (await store.GetReplyAsync(call.CallId, CancellationToken.None))!.Result.Should().NotBeNull().And.BeEmpty();
        await ShouldHaveStateAsync(store, grain, [], "e1");
        (await store.ReadEventsAsync("empty", 0, 10, CancellationToken.None)).Should().ContainSingle().Which.Payload.Should().BeEmpty();
    }

    // ---- grain streams ----------------------------------------------------------------

    [Fact]
    public async Task Stream_sequences_from_eight_concurrent_appenders_are_gap_free()
    {
        const int perAppender = 100;
        var stores = await OpenMixedAsync(8);

        var sequences = await Task.WhenAll(stores.Select((store, n) => Task.Run(async () =>
        {
            var mine = new List<long>();
            for (var i = 0; i < perAppender; i++) mine.Add(await store.AppendEventAsync("job/progress", [(byte)n, (byte)i], CancellationToken.None));
            return mine;
        })));

        var all = Enumerable.Range(1, 8 * perAppender).Select(i => (long)i);
        sequences.SelectMany(s => s).Order().Should().Equal(all);
        var events = await stores[0].ReadEventsAsync("job/progress", 0, 10_000, CancellationToken.None);
        events.Select(e => e.Sequence).Should().Equal(all);
        (await stores[0].ReadEventsAsync("job/progress", 795, 3, CancellationToken.None)).Select(e => e.Sequence).Should().Equal(796, 797, 798);
    }

    // ---- reminders --------------------------------------------------------------------

    [Fact]
    public async Task Two_stores_on_one_file_claim_each_due_reminder_once()
    {
        var clock = new ManualClock();
        var first = await _database.OpenAsync(clock);
        var second = await OpenIsolatedAsync(clock);
        var third = await _database.OpenAsync(clock);
        for (var i = 0; i < 50; i++)
        {
            await first.UpsertReminderAsync(new ReminderRecord(new GrainId("IStreamerGrain", $"s{i}"), "tick", TimeSpan.FromMinutes(1), clock.GetUtcNow() - TimeSpan.FromSeconds(i)), CancellationToken.None);
        }

        var claims = await Task.WhenAll(new IClusterStore[] { first, second, third }.Select(store => Task.Run(async () =>
        {
            var mine = new List<ReminderRecord>();
            for (var round = 0; round < 20; round++) mine.AddRange(await store.ClaimDueRemindersAsync(3, CancellationToken.None));
            return mine;
        })));

        claims.SelectMany(c => c).Select(r => r.Grain.Key).Should().OnlyHaveUniqueItems().And.HaveCount(50);
        (await first.ClaimDueRemindersAsync(100, CancellationToken.None)).Should().BeEmpty("every tick due now was claimed");
        clock.Advance(TimeSpan.FromMinutes(1));
        (await second.ClaimDueRemindersAsync(100, CancellationToken.None)).Should().HaveCount(50, "the next tick is due a period later");
    }

    [Fact]
    public async Task A_claimed_reminder_moves_on_by_whole_periods_past_now()
    {
        var clock = new ManualClock();
        var store = await _database.OpenAsync(clock);
        var start = clock.GetUtcNow();
        var grain = new GrainId("IStreamerGrain", "late");
        await store.UpsertReminderAsync(new ReminderRecord(grain, "drift", TimeSpan.FromSeconds(10), start), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(35));

        var claimed = await store.ClaimDueRemindersAsync(10, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(4));
        var beforeNextTick = await store.ClaimDueRemindersAsync(10, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        var atNextTick = await store.ClaimDueRemindersAsync(10, CancellationToken.None);
        await store.RemoveReminderAsync(grain, "drift", CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(10));
        var afterRemoval = await store.ClaimDueRemindersAsync(10, CancellationToken.None);

        claimed.Should().Equal(new ReminderRecord(grain, "drift", TimeSpan.FromSeconds(10), start + TimeSpan.FromSeconds(40)));
        beforeNextTick.Should().BeEmpty();
        atNextTick.Should().ContainSingle().Which.DueAt.Should().Be(start + TimeSpan.FromSeconds(50));
        afterRemoval.Should().BeEmpty();
    }

    // ---- migrations -------------------------------------------------------------------

    [Fact]
    public async Task Migrating_twice_applies_each_migration_once()
    {
        var store = await _database.OpenAsync();

        await store.MigrateAsync(CancellationToken.None);

        AppliedMigrations().Should().Equal(SqliteClusterStore.Migrations.Select(m => (long)m.Version));
    }

    [Fact]
    public async Task Three_stores_migrating_one_new_file_at_once_apply_each_migration_once()
    {
        var stores = new[] { await _database.OpenAsync(migrate: false), await OpenIsolatedAsync(migrate: false), await OpenIsolatedAsync(migrate: false) };

        await RaceAsync(stores.Length, async i =>
        {
            await stores[i].MigrateAsync(CancellationToken.None);
            return i;
        });

        AppliedMigrations().Should().Equal(SqliteClusterStore.Migrations.Select(m => (long)m.Version));
        (await stores[2].AppendEventAsync("after/migration", [1], CancellationToken.None)).Should().Be(1);
    }

    [Fact]
    public async Task The_database_file_is_in_wal_mode_and_its_directory_is_created()
    {
        var nested = Path.Combine(_database.Directory, "synth-data", "cluster.db");
        await using var store = new SqliteClusterStore(nested);
        await store.MigrateAsync(CancellationToken.None);

        using var connection = new SqliteConnection($"Data Source={nested};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        command.ExecuteScalar().Should().Be("wal");
    }

    [Fact]
    public async Task Stores_on_one_named_in_memory_database_share_it()
    {
        var name = "synth-" + Guid.NewGuid().ToString("N");
        await using var first = new SqliteClusterStore(SqliteClusterStore.InMemoryConnectionString(name));
        await using var second = new SqliteClusterStore(SqliteClusterStore.InMemoryConnectionString(name));
        await using var elsewhere = new SqliteClusterStore(":memory:");
        await first.MigrateAsync(CancellationToken.None);
        await second.MigrateAsync(CancellationToken.None);
        await elsewhere.MigrateAsync(CancellationToken.None);
        var grain = new GrainId("ICounterGrain", "memory");

        await first.EnqueueCallAsync(Call(grain), CancellationToken.None);
        await second.EnqueueCallAsync(Call(grain), CancellationToken.None);

        (await second.GetPendingCallsAsync(grain, 0, 10, CancellationToken.None)).Select(c => c.Sequence).Should().Equal(1, 2);
        (await elsewhere.GetPendingCallsAsync(grain, 0, 10, CancellationToken.None)).Should().BeEmpty();
    }

    // ---- signalling -------------------------------------------------------------------

    [Fact]
    public async Task A_notification_reaches_listeners_of_every_store_on_the_database_in_order_until_they_unsubscribe()
    {
        var sender = await _database.OpenAsync();
        var receiver = await _database.OpenAsync();
        var received = new BlockingCollection<string>();
        var handle = await receiver.ListenAsync("synth_silo_abc", received.Add, CancellationToken.None);

        for (var i = 0; i < 100; i++) await sender.NotifyAsync("synth_silo_abc", $"n{i}", CancellationToken.None);
        var delivered = Enumerable.Range(0, 100).Select(_ => Take(received)).ToList();
        await handle.DisposeAsync();
        await sender.NotifyAsync("synth_silo_abc", "after", CancellationToken.None);
        await sender.NotifyAsync("synth_silo_other", "elsewhere", CancellationToken.None);
        await Task.Delay(100);

        delivered.Should().Equal(Enumerable.Range(0, 100).Select(i => $"n{i}"));
        received.Should().BeEmpty("a disposed listener hears nothing more");
    }

    [Fact]
    public async Task A_handler_runs_off_the_notifying_thread_and_its_failure_does_not_stop_later_deliveries()
    {
        var store = await _database.OpenAsync();
        using var release = new ManualResetEventSlim();
        var received = new BlockingCollection<string>();
        await using var blocking = await store.ListenAsync("synth_streams", p =>
        {
            release.Wait(WaitLimit);
            if (p == "boom") throw new InvalidOperationException("handler failed");
            received.Add(p);
        }, CancellationToken.None);

        var notify = Stopwatch.StartNew();
        await store.NotifyAsync("synth_streams", "boom", CancellationToken.None);
        await store.NotifyAsync("synth_streams", "next", CancellationToken.None);
        notify.Stop();
        release.Set();

        notify.Elapsed.Should().BeLessThan(WaitLimit, "Notify must not wait for a blocked handler");
        Take(received).Should().Be("next");
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("synth-silo")]
    [InlineData("synth.silo")]
    [InlineData("ünicode")]
    [InlineData("a_channel_name_that_is_sixty_four_characters_long_xxxxxxxxxxxxxx")]
    public async Task Channel_names_outside_the_postgresql_rule_are_refused(string channel)
    {
        var store = await _database.OpenAsync();

        var listen = () => store.ListenAsync(channel, _ => { }, CancellationToken.None);
        var notify = () => store.NotifyAsync(channel, "payload", CancellationToken.None);

        await listen.Should().ThrowAsync<ArgumentException>();
        await notify.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task A_sixty_three_character_channel_and_a_7999_byte_payload_are_accepted_but_8000_bytes_are_not()
    {
        var store = await _database.OpenAsync();
        var channel = new string('a', 63);
        var received = new BlockingCollection<string>();
        await using var handle = await store.ListenAsync(channel, received.Add, CancellationToken.None);

        await store.NotifyAsync(channel, new string('x', 7999), CancellationToken.None);
        var tooLong = () => store.NotifyAsync(channel, new string('é', 4000), CancellationToken.None);

        Take(received).Should().HaveLength(7999);
        await tooLong.Should().ThrowAsync<ArgumentException>();
    }

    // ---- speed ------------------------------------------------------------------------

    [Fact]
    public async Task Two_thousand_enqueue_and_complete_pairs_finish()
    {
        const int pairs = 2_000;
        var store = await _database.OpenAsync();
        var (grain, lease) = await ActiveGrainAsync(store, "fast");
        string? etag = null;

        var sequential = Stopwatch.StartNew();
        for (var i = 0; i < pairs; i++)
        {
            var call = Call(grain);
            await store.EnqueueCallAsync(call, CancellationToken.None);
            var newETag = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await store.CompleteCallAsync(lease, Reply(call), new StateWrite(grain, [(byte)i], etag, newETag, lease.Epoch), CancellationToken.None);
            etag = newETag;
        }
        sequential.Stop();

        var stores = await OpenMixedAsync(8, isolated: false);
        var parallel = Stopwatch.StartNew();
        await Task.WhenAll(stores.Select((s, n) => Task.Run(async () =>
        {
            var (mine, myLease) = await ActiveGrainAsync(s, $"fast{n}", $"silo{n}");
            for (var i = 0; i < pairs / 8; i++)
            {
                var call = Call(mine);
                await s.EnqueueCallAsync(call, CancellationToken.None);
                await s.CompleteCallAsync(myLease, Reply(call), null, CancellationToken.None);
            }
        })));
        parallel.Stop();

        output.WriteLine($"sequential: {pairs} enqueue+complete pairs in {sequential.ElapsedMilliseconds} ms = {2 * pairs / sequential.Elapsed.TotalSeconds:N0} transactions/s");
        output.WriteLine($"8 threads:  {pairs} enqueue+complete pairs in {parallel.ElapsedMilliseconds} ms = {2 * pairs / parallel.Elapsed.TotalSeconds:N0} transactions/s");
        (await store.GetPendingCallsAsync(grain, 0, 10, CancellationToken.None)).Should().BeEmpty();
        await ShouldHaveStateAsync(store, grain, [unchecked((byte)(pairs - 1))], (pairs - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    // ---- helpers ----------------------------------------------------------------------

    /// <summary>Runs <paramref name="work"/> on <paramref name="count"/> dedicated threads released at once, so the calls really overlap.</summary>
    private static async Task<T[]> RaceAsync<T>(int count, Func<int, Task<T>> work)
    {
        // Dedicated threads: blocking pool threads on a barrier would wait for the pool to grow, a thread or two a second.
        using var start = new Barrier(count);
        var racers = Enumerable.Range(0, count).Select(i => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                return work(i).GetAwaiter().GetResult();
            },
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        return await Task.WhenAll(racers);
    }

    private Task<SqliteClusterStore> OpenIsolatedAsync(TimeProvider? clock = null, bool migrate = true) =>
        _database.OpenAsync(clock, migrate, isolated: true);

    /// <summary><paramref name="count"/> stores, every other one isolated (as in another process) unless told otherwise.</summary>
    private async Task<IClusterStore[]> OpenMixedAsync(int count, bool isolated = true)
    {
        var stores = new IClusterStore[count];
        for (var i = 0; i < count; i++) stores[i] = isolated && i % 2 == 1 ? await OpenIsolatedAsync() : await _database.OpenAsync();
        return stores;
    }

    private static async Task<(GrainId Grain, Lease Lease)> ActiveGrainAsync(IClusterStore store, string key, string silo = "a")
    {
        await store.RegisterSiloAsync(silo, silo, "local", [], CancellationToken.None);
        var grain = new GrainId("ICounterGrain", key);
        return (grain, await store.AcquireLeaseAsync(grain, silo, CancellationToken.None));
    }

    private static GrainCall Call(GrainId grain) =>
        new(Guid.NewGuid(), grain, "Add", [1, 2, 3], "synth_reply_client", ["gpu"], DateTimeOffset.UtcNow.AddSeconds(30));

    private static CallReply Reply(GrainCall call) => new(call.CallId, true, [4, 2], null, null);

    private static DateTimeOffset TruncatedToMilliseconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    private static async Task ShouldHaveStateAsync(IClusterStore store, GrainId grain, byte[] data, string etag)
    {
        var (stored, storedETag) = await store.ReadStateAsync(grain, CancellationToken.None);
        stored.Should().Equal(data);
        storedETag.Should().Be(etag);
    }

    private static string Take(BlockingCollection<string> received)
    {
        received.TryTake(out var item, WaitLimit).Should().BeTrue("a notification should arrive within {0}", WaitLimit);
        return item!;
    }

    private List<long> AppliedMigrations()
    {
        using var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_migrations ORDER BY version";
        using var reader = command.ExecuteReader();
        var versions = new List<long>();
        while (reader.Read()) versions.Add(reader.GetInt64(0));
        return versions;
    }

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero).UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
