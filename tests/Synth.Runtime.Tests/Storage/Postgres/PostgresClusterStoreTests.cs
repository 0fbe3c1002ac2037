using System.Text;
using Synth.Runtime.Storage;
using Synth.Runtime.Storage.Postgres;
using Synth.Runtime.Tests.TestSupport;

namespace Synth.Runtime.Tests.Storage.Postgres;

/// <summary>
/// The store contract on a real PostgreSQL (a database of its own for this class), plus what only
/// a server with many connections shows: races between silos, concurrent migrations, and the
/// LISTEN connection losing its server.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PostgresClusterStoreTests(PostgresDatabase database) : ClusterStoreContractTests, IClassFixture<PostgresDatabase>
{
    protected override Task<IClusterStore> CreateStoreAsync() =>
        Task.FromResult<IClusterStore>(new PostgresClusterStore(database.ConnectionString));

    private async Task<PostgresClusterStore> NewPostgresStoreAsync() => (PostgresClusterStore)await NewStoreAsync();

    // ---- migrations -------------------------------------------------------------------

    [Fact]
    public async Task Three_silos_migrating_an_empty_database_at_once_all_come_up()
    {
        await using var empty = await PostgresDatabase.CreateAsync();
        var stores = Enumerable.Range(0, 3).Select(_ => new PostgresClusterStore(empty.ConnectionString)).ToList();
        try
        {
            await RaceAsync(stores.Select(store => (Func<Task<bool>>)(async () =>
            {
                await store.MigrateAsync(Ct);
                return true;
            })));

            foreach (var store in stores) await RegisterAsync(store);
            (await stores[0].GetSilosAsync(Ct)).Should().HaveCount(3);
            (await empty.ScalarAsync<string>("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations"))
                .Should().Be(string.Join(',', PostgresClusterStore.Migrations.Select(m => m.Version)), "each version is applied once");
        }
        finally
        {
            foreach (var store in stores) await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_migration_is_recorded_with_its_name_and_checksum()
    {
        await NewStoreAsync();

        (await database.ScalarAsync<string>("SELECT string_agg(version || ' ' || name || ' ' || checksum, ';' ORDER BY version) FROM schema_migrations"))
            .Should().Be(string.Join(';', PostgresClusterStore.Migrations.Select(m => $"{m.Version} {m.Name} {m.Checksum}")));
        PostgresClusterStore.Migrations.Should().NotBeEmpty().And.OnlyContain(m => m.Sql.StartsWith("-- ", StringComparison.Ordinal), "each file opens with its contract");
    }

    // ---- races between silos ----------------------------------------------------------

    [Fact]
    public async Task Twenty_live_silos_racing_for_one_grain_leave_exactly_one_owner_and_after_its_death_one_successor_at_epoch_2()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => NewStoreAsync()));
        var silos = await Task.WhenAll(stores.Select(RegisterAsync));
        var grain = NewGrain();

        var leases = await RaceAsync(Enumerable.Range(0, 20).Select(i => (Func<Task<Lease>>)(() => stores[i].AcquireLeaseAsync(grain, silos[i], Ct))));

        var owner = leases.Distinct().Should().ContainSingle("every racer is told the one winner").Which;
        owner.Epoch.Should().Be(1);
        silos.Should().Contain(owner.SiloId);
        (await stores[0].GetLeaseAsync(grain, Ct)).Should().Be(owner);

        // The owner falls silent; the others keep beating and one of them declares it dead.
        await Task.Delay(DeathTimeout + TimeSpan.FromMilliseconds(200));
        var survivors = Enumerable.Range(0, 20).Where(i => silos[i] != owner.SiloId).ToList();
        await Task.WhenAll(survivors.Select(i => stores[i].HeartbeatAsync(silos[i], 1, Ct)));
        (await stores[survivors[0]].DeclareDeadSilosAsync(DeathTimeout, Ct)).Should().Contain(owner.SiloId)
            .And.NotContain(survivors.Select(i => silos[i]));

        var successors = await RaceAsync(survivors.Select(i => (Func<Task<Lease>>)(() => stores[i].AcquireLeaseAsync(grain, silos[i], Ct))));

        var successor = successors.Distinct().Should().ContainSingle().Which;
        successor.Epoch.Should().Be(2);
        successor.SiloId.Should().NotBe(owner.SiloId);
    }

    [Fact]
    public async Task Eight_silos_appending_to_one_stream_at_once_get_1_to_n_without_gaps_or_duplicates()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => NewStoreAsync()));
        var stream = NewStream();

        var appended = await RaceAsync(Enumerable.Range(0, 8).Select(writer => (Func<Task<List<(long, string)>>>)(async () =>
        {
            var mine = new List<(long, string)>();
            for (var i = 0; i < 25; i++)
            {
                var payload = $"{writer}:{i}";
                mine.Add((await stores[writer].AppendEventAsync(stream, Bytes(payload), Ct), payload));
            }
            return mine;
        })));

        var all = appended.SelectMany(a => a).OrderBy(a => a.Item1).ToList();
        all.Select(a => a.Item1).Should().Equal(Enumerable.Range(1, 200).Select(i => (long)i));
        var read = await stores[0].ReadEventsAsync(stream, 0, 500, Ct);
        read.Select(e => (e.Sequence, Encoding.UTF8.GetString(e.Payload))).Should().Equal(all, "each event is read back under the sequence its appender was given");
        read.Select(e => e.At).Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task Eight_silos_enqueueing_to_one_grain_at_once_get_1_to_n_and_a_call_sent_by_all_of_them_is_stored_once()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => NewStoreAsync()));
        var grain = NewGrain();
        var shared = NewCall(grain, "Shared");

        var sequences = await RaceAsync(Enumerable.Range(0, 8).Select(sender => (Func<Task<(long Shared, List<long> Own)>>)(async () =>
        {
            var own = new List<long>();
            long sharedSequence = 0;
            for (var i = 0; i < 10; i++)
            {
                own.Add(await stores[sender].EnqueueCallAsync(NewCall(grain), Ct));
                if (i == 5) sharedSequence = await stores[sender].EnqueueCallAsync(shared, Ct);
            }
            return (sharedSequence, own);
        })));

        sequences.Select(s => s.Shared).Distinct().Should().ContainSingle("every sender of the same call is told its one sequence");
        var all = sequences.SelectMany(s => s.Own).Append(sequences[0].Shared).Order().ToList();
        all.Should().Equal(Enumerable.Range(1, 81).Select(i => (long)i));
        var pending = await stores[0].GetPendingCallsAsync(grain, 0, 200, Ct);
        pending.Select(c => c.Sequence).Should().Equal(all);
        pending.Single(c => c.Sequence == sequences[0].Shared).CallId.Should().Be(shared.CallId);
    }

    [Fact]
    public async Task Silos_claiming_due_reminders_at_once_never_get_the_same_tick()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => NewStoreAsync()));
        var grain = NewGrain();
        var names = Enumerable.Range(0, 40).Select(i => $"r{i}").ToList();
        foreach (var name in names)
        {
            await stores[0].UpsertReminderAsync(new ReminderRecord(grain, name, TimeSpan.FromHours(1), DateTimeOffset.UtcNow.AddSeconds(-5)), Ct);
        }

        var claims = await RaceAsync(stores.Select(store => (Func<Task<List<string>>>)(async () =>
        {
            var mine = new List<string>();
            while (true)
            {
                var batch = await store.ClaimDueRemindersAsync(3, Ct);
                if (batch.Count == 0) return mine;
                mine.AddRange(Mine(batch, grain).Select(r => r.Name));
            }
        })));

        claims.SelectMany(c => c).Should().BeEquivalentTo(names, "every tick is claimed, by exactly one silo");
        Mine(await stores[0].ClaimDueRemindersAsync(100, Ct), grain).Should().BeEmpty();
        foreach (var name in names) await stores[0].RemoveReminderAsync(grain, name, Ct);
    }

    [Fact]
    public async Task Two_completions_of_one_call_racing_leave_one_reply_and_its_own_state_write()
    {
        var one = await NewStoreAsync();
        var two = await NewStoreAsync();
        for (var round = 0; round < 10; round++)
        {
            var (grain, lease) = await ActiveGrainAsync(one);
            var call = NewCall(grain);
            await one.EnqueueCallAsync(call, Ct);

            await RaceAsync(new[] { (one, "one"), (two, "two") }.Select(racer => (Func<Task<bool>>)(async () =>
            {
                var (store, name) = racer;
                await store.CompleteCallAsync(lease, new CallReply(call.CallId, true, Bytes(name), null, null),
                    new StateWrite(grain, Bytes(name), null, "etag-" + name, lease.Epoch), Ct);
                return true;
            })));

            var winner = Encoding.UTF8.GetString((await one.GetReplyAsync(call.CallId, Ct))!.Result!);
            var (data, etag) = await one.ReadStateAsync(grain, Ct);
            Encoding.UTF8.GetString(data!).Should().Be(winner, "the state written is the one committed with the reply");
            etag.Should().Be("etag-" + winner);
        }
    }

    // ---- signalling -------------------------------------------------------------------

    [Fact]
    public async Task A_notification_from_one_silo_reaches_the_listeners_of_every_other()
    {
        var sender = await NewStoreAsync();
        var first = await NewStoreAsync();
        var second = await NewStoreAsync();
        var channel = NewChannel();
        var atFirst = new Received();
        var atSecond = new Received();
        await using var a = await first.ListenAsync(channel, atFirst.Add, Ct);
        await using var b = await second.ListenAsync(channel, atSecond.Add, Ct);

        await sender.NotifyAsync(channel, "grain/1 has mail", Ct);

        (await atFirst.WaitForAsync(1)).Should().Equal("grain/1 has mail");
        (await atSecond.WaitForAsync(1)).Should().Equal("grain/1 has mail");
    }

    [Fact]
    public async Task Notifications_from_one_sender_arrive_in_the_order_they_were_sent()
    {
        var sender = await NewStoreAsync();
        var listener = await NewStoreAsync();
        var channel = NewChannel();
        var received = new Received();
        await using var handle = await listener.ListenAsync(channel, received.Add, Ct);

        for (var i = 0; i < 50; i++) await sender.NotifyAsync(channel, i.ToString(System.Globalization.CultureInfo.InvariantCulture), Ct);

        (await received.WaitForAsync(50)).Should().Equal(Enumerable.Range(0, 50).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task All_channels_of_a_store_share_one_connection_and_the_last_handler_leaving_unlistens()
    {
        var store = await NewPostgresStoreAsync();
        var one = NewChannel();
        var two = NewChannel();
        var first = await store.ListenAsync(one, _ => { }, Ct);
        var connection = store.ListenerProcessId;
        var second = await store.ListenAsync(one, _ => { }, Ct);
        await using var other = await store.ListenAsync(two, _ => { }, Ct);

        connection.Should().NotBeNull();
        store.ListenerProcessId.Should().Be(connection, "new channels are LISTENed on the same connection");
        store.ListeningChannels.Should().BeEquivalentTo([one, two]);

        await first.DisposeAsync();
        store.ListeningChannels.Should().Contain(one, "a handler is left");
        await second.DisposeAsync();
        store.ListeningChannels.Should().BeEquivalentTo([two]);
        store.ListenerProcessId.Should().Be(connection);
    }

    [Fact]
    public async Task The_listener_reconnects_and_listens_again_after_its_connection_is_killed()
    {
        var store = await NewPostgresStoreAsync();
        var sender = await NewStoreAsync();
        var channel = NewChannel();
        var received = new Received();
        await using var handle = await store.ListenAsync(channel, received.Add, Ct);
        var killed = store.ListenerProcessId;
        killed.Should().NotBeNull();

        (await database.ScalarAsync<bool>($"SELECT pg_terminate_backend({killed})")).Should().BeTrue();

        // Notifications sent while it is away are lost (receivers also poll); keep sending until one arrives.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (received.Payloads.Count == 0 && DateTime.UtcNow < deadline)
        {
            await sender.NotifyAsync(channel, "after", Ct);
            await Task.Delay(100);
        }
        received.Payloads.Should().NotBeEmpty("the listener came back and listens to its channel again");
        store.ListenerProcessId.Should().NotBeNull().And.NotBe(killed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("with-dash")]
    [InlineData("with space")]
    [InlineData("quote\"d")]
    [InlineData("é")]
    public async Task Channel_names_PostgreSQL_would_fold_or_that_need_quoting_are_refused(string channel)
    {
        var store = await NewStoreAsync();

        await store.Invoking(s => s.ListenAsync(channel, _ => { }, Ct)).Should().ThrowAsync<ArgumentException>();
        await store.Invoking(s => s.NotifyAsync(channel, "x", Ct)).Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task Channel_names_longer_than_63_characters_are_refused_because_PostgreSQL_would_truncate_them()
    {
        var store = await NewStoreAsync();
        var received = new Received();

        await store.Invoking(s => s.NotifyAsync(new string('a', 64), "x", Ct)).Should().ThrowAsync<ArgumentException>();
        var longest = "a" + Guid.NewGuid().ToString("N") + new string('b', 30);
        longest.Should().HaveLength(63);
        await using var handle = await store.ListenAsync(longest, received.Add, Ct);
        await store.NotifyAsync(longest, "fits", Ct);
        (await received.WaitForAsync(1)).Should().Equal("fits");
    }

    [Fact]
    public async Task A_store_disposed_while_listening_stops_at_once_and_its_handles_can_still_be_disposed()
    {
        var store = new PostgresClusterStore(database.ConnectionString);
        await store.MigrateAsync(Ct);
        var handle = await store.ListenAsync(NewChannel(), _ => { }, Ct);

        var disposing = store.DisposeAsync().AsTask();

        (await Task.WhenAny(disposing, Task.Delay(TimeSpan.FromSeconds(5)))).Should().BeSameAs(disposing);
        await handle.DisposeAsync();
        await store.Invoking(s => s.ListenAsync(NewChannel(), _ => { }, Ct)).Should().ThrowAsync<ObjectDisposedException>();
    }

    // ---- connection strings -----------------------------------------------------------

    [Fact]
    public async Task A_postgresql_uri_serves_as_the_connection_string()
    {
        await using var store = new PostgresClusterStore(database.Uri);
        await store.MigrateAsync(Ct);

        var silo = await RegisterAsync(store);

        (await store.GetSilosAsync(Ct)).Should().Contain(s => s.SiloId == silo);
    }

    [Theory]
    [InlineData("", PostgresClusterStore.DefaultMaxPoolSize)]
    [InlineData(";Maximum Pool Size=5", 5)]
    [InlineData(";MaxPoolSize=100", 100)]
    public async Task A_store_pools_a_few_connections_unless_told_otherwise(string setting, int expected)
    {
        await using var store = new PostgresClusterStore(database.ConnectionString + setting);

        store.MaxPoolSize.Should().Be(expected);
    }

    /// <summary>Runs the racers together: each starts only when all are ready to go.</summary>
    private static async Task<T[]> RaceAsync<T>(IEnumerable<Func<Task<T>>> racers)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = racers.Select(racer => Task.Run(async () =>
        {
            await start.Task;
            return await racer();
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(running);
    }
}
