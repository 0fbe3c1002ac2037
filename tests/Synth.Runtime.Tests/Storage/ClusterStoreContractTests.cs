using System.Collections.Concurrent;
using System.Text;
using Synth.Runtime.Storage;

namespace Synth.Runtime.Tests.Storage;

/// <summary>
/// What every <see cref="IClusterStore"/> provider guarantees, specified once and run against each
/// provider by a derived class. The tests of a class share one database, one after the other, so
/// each test uses its own silo ids, grains, streams and channels (random) and judges only those.
/// Timeouts are small real ones (about a second); no test takes more than a few seconds.
/// </summary>
public abstract class ClusterStoreContractTests : IAsyncLifetime
{
    /// <summary>The death timeout of the membership tests; silos are left silent a little longer.</summary>
    protected static readonly TimeSpan DeathTimeout = TimeSpan.FromSeconds(1);

    private readonly List<IClusterStore> _stores = [];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    /// <summary>
    /// A new store on the test class's database. Every call may return another instance on the
    /// same database, as another silo would have. It need not be migrated yet: the tests call
    /// <see cref="IClusterStore.MigrateAsync"/> on every store they get, and dispose it at the end.
    /// </summary>
    protected abstract Task<IClusterStore> CreateStoreAsync();

    /// <summary>Cancelled after 30 s, so a hung store fails its test instead of the run.</summary>
    protected CancellationToken Ct => _timeout.Token;

    /// <summary>A migrated store on the class's database, disposed after the test.</summary>
    protected async Task<IClusterStore> NewStoreAsync()
    {
        var store = await CreateStoreAsync();
        lock (_stores) _stores.Add(store);
        await store.MigrateAsync(Ct);
        return store;
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        _timeout.Dispose();
    }

    // ---- migrations -------------------------------------------------------------------

    [Fact]
    public async Task Migrating_again_changes_nothing_and_keeps_the_data()
    {
        var store = await NewStoreAsync();
        var stream = NewStream();
        await store.AppendEventAsync(stream, Bytes("kept"), Ct);

        await store.MigrateAsync(Ct);
        var another = await NewStoreAsync();

        var events = await another.ReadEventsAsync(stream, 0, 10, Ct);
        events.Should().ContainSingle().Which.Payload.Should().Equal(Bytes("kept"));
    }

    // ---- membership -------------------------------------------------------------------

    [Fact]
    public async Task A_registered_silo_is_active_with_its_name_address_and_tags()
    {
        var store = await NewStoreAsync();
        var silo = NewSilo();

        await store.RegisterSiloAsync(silo, "silo one", "10.0.0.1:11111", ["gpu", "big-memory"], Ct);

        var record = await SiloRecordAsync(store, silo);
        record.Name.Should().Be("silo one");
        record.Address.Should().Be("10.0.0.1:11111");
        record.Tags.Should().Equal("gpu", "big-memory");
        record.Status.Should().Be(SiloStatus.Active);
        record.Activations.Should().Be(0);
        record.StartedAt.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        record.HeartbeatAt.Should().BeCloseTo(record.StartedAt, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_heartbeat_moves_the_heartbeat_on_and_records_the_activation_count()
    {
        var store = await NewStoreAsync();
        var silo = await RegisterAsync(store);
        var before = (await SiloRecordAsync(store, silo)).HeartbeatAt;
        await Task.Delay(50);

        (await store.HeartbeatAsync(silo, 7, Ct)).Should().BeTrue();

        var record = await SiloRecordAsync(store, silo);
        record.HeartbeatAt.Should().BeAfter(before);
        record.Activations.Should().Be(7);
        record.Status.Should().Be(SiloStatus.Active);
    }

    [Fact]
    public async Task A_silo_silent_for_longer_than_the_timeout_is_declared_dead_and_a_live_one_is_not()
    {
        var store = await NewStoreAsync();
        var silent = await RegisterAsync(store);
        var live = await RegisterAsync(store);
        await Task.Delay(DeathTimeout + TimeSpan.FromMilliseconds(200));
        await store.HeartbeatAsync(live, 0, Ct);

        var dead = await store.DeclareDeadSilosAsync(DeathTimeout, Ct);

        dead.Should().Contain(silent).And.NotContain(live);
        (await SiloRecordAsync(store, silent)).Status.Should().Be(SiloStatus.Dead);
        (await SiloRecordAsync(store, live)).Status.Should().Be(SiloStatus.Active);
        (await store.DeclareDeadSilosAsync(DeathTimeout, Ct)).Should().NotContain(silent, "it is dead already");
    }

    [Fact]
    public async Task A_dead_silo_s_heartbeat_is_refused_and_does_not_revive_it()
    {
        var store = await NewStoreAsync();
        var silo = await DeadSiloAsync(store);

        (await store.HeartbeatAsync(silo, 3, Ct)).Should().BeFalse();

        (await SiloRecordAsync(store, silo)).Status.Should().Be(SiloStatus.Dead);
    }

    [Fact]
    public async Task A_dead_silo_that_registers_again_is_active_and_holds_none_of_its_old_leases()
    {
        var store = await NewStoreAsync();
        var silo = await RegisterAsync(store);
        var grain = NewGrain();
        await store.AcquireLeaseAsync(grain, silo, Ct);
        await MakeDeadAsync(store, silo);

        await store.RegisterSiloAsync(silo, "again", "here", [], Ct);

        (await SiloRecordAsync(store, silo)).Status.Should().Be(SiloStatus.Active);
        (await store.HeartbeatAsync(silo, 0, Ct)).Should().BeTrue();
        (await store.GetLeaseAsync(grain, Ct)).Should().BeNull("the activations of its previous life are gone");
        (await store.AcquireLeaseAsync(grain, silo, Ct)).Should().Be(new Lease(grain, silo, 2));
    }

    [Fact]
    public async Task A_stopped_silo_is_stopped_and_its_grains_go_to_the_next_silo_at_the_next_epoch()
    {
        var store = await NewStoreAsync();
        var stopping = await RegisterAsync(store);
        var next = await RegisterAsync(store);
        var first = NewGrain();
        var second = NewGrain();
        await store.AcquireLeaseAsync(first, stopping, Ct);
        await store.AcquireLeaseAsync(second, stopping, Ct);

        await store.StopSiloAsync(stopping, Ct);

        (await SiloRecordAsync(store, stopping)).Status.Should().Be(SiloStatus.Stopped);
        (await store.HeartbeatAsync(stopping, 0, Ct)).Should().BeFalse();
        (await store.GetLeaseAsync(first, Ct)).Should().BeNull();
        (await store.GetLeaseAsync(second, Ct)).Should().BeNull();
        (await store.AcquireLeaseAsync(first, next, Ct)).Should().Be(new Lease(first, next, 2));
    }

    // ---- single activation ------------------------------------------------------------

    [Fact]
    public async Task A_grain_never_activated_has_no_lease()
    {
        var store = await NewStoreAsync();

        (await store.GetLeaseAsync(NewGrain(), Ct)).Should().BeNull();
    }

    [Fact]
    public async Task The_first_silo_to_ask_gets_the_lease_at_epoch_1_and_a_second_live_silo_gets_that_same_lease_back()
    {
        var one = await NewStoreAsync();
        var two = await NewStoreAsync();
        var first = await RegisterAsync(one);
        var second = await RegisterAsync(two);
        var grain = NewGrain();

        var taken = await one.AcquireLeaseAsync(grain, first, Ct);
        var refused = await two.AcquireLeaseAsync(grain, second, Ct);
        var again = await one.AcquireLeaseAsync(grain, first, Ct);

        taken.Should().Be(new Lease(grain, first, 1));
        refused.Should().Be(taken);
        again.Should().Be(taken, "asking again for a lease one holds changes nothing");
        (await two.GetLeaseAsync(grain, Ct)).Should().Be(taken);
    }

    [Fact]
    public async Task When_its_owner_is_declared_dead_the_lease_goes_to_the_next_silo_at_the_next_epoch()
    {
        var store = await NewStoreAsync();
        var owner = await RegisterAsync(store);
        var grain = NewGrain();
        await store.AcquireLeaseAsync(grain, owner, Ct);
        var successor = await RegisterAsync(store);
        await Task.Delay(DeathTimeout + TimeSpan.FromMilliseconds(200));
        await store.HeartbeatAsync(successor, 0, Ct);
        (await store.DeclareDeadSilosAsync(DeathTimeout, Ct)).Should().Contain(owner);

        var taken = await store.AcquireLeaseAsync(grain, successor, Ct);

        taken.Should().Be(new Lease(grain, successor, 2));
        (await store.AcquireLeaseAsync(grain, owner, Ct)).Should().Be(taken, "the successor is alive");
    }

    [Fact]
    public async Task A_lease_is_released_only_by_its_holder_at_its_epoch()
    {
        var store = await NewStoreAsync();
        var holder = await RegisterAsync(store);
        var grain = NewGrain();
        var lease = await store.AcquireLeaseAsync(grain, holder, Ct);

        await store.ReleaseLeaseAsync(lease with { SiloId = NewSilo() }, Ct);
        await store.ReleaseLeaseAsync(lease with { Epoch = 2 }, Ct);
        (await store.GetLeaseAsync(grain, Ct)).Should().Be(lease);

        await store.ReleaseLeaseAsync(lease, Ct);
        (await store.GetLeaseAsync(grain, Ct)).Should().BeNull();
    }

    [Fact]
    public async Task A_released_lease_is_taken_again_at_a_higher_epoch_even_by_the_same_silo()
    {
        var store = await NewStoreAsync();
        var first = await RegisterAsync(store);
        var second = await RegisterAsync(store);
        var grain = NewGrain();

        var one = await store.AcquireLeaseAsync(grain, first, Ct);
        await store.ReleaseLeaseAsync(one, Ct);
        var two = await store.AcquireLeaseAsync(grain, second, Ct);
        await store.ReleaseLeaseAsync(two, Ct);
        var three = await store.AcquireLeaseAsync(grain, first, Ct);

        one.Epoch.Should().Be(1);
        two.Should().Be(new Lease(grain, second, 2));
        three.Should().Be(new Lease(grain, first, 3), "an epoch is never handed out twice, or a stale activation could pass the fence");
    }

    // ---- calls ------------------------------------------------------------------------

    [Fact]
    public async Task Calls_to_a_grain_are_numbered_from_1_and_come_back_in_order_with_all_they_carry()
    {
        var store = await NewStoreAsync();
        var grain = NewGrain();
        var calls = new[]
        {
            NewCall(grain, "First", replyTo: "reply_a", tags: ["gpu"]),
            NewCall(grain, "Second", replyTo: null),
            NewCall(grain, "Third", tags: ["gpu", "ssd"]),
        };

        var sequences = new List<long>();
        foreach (var call in calls) sequences.Add(await store.EnqueueCallAsync(call, Ct));

        sequences.Should().Equal(1, 2, 3);
        var pending = await store.GetPendingCallsAsync(grain, 0, 10, Ct);
        pending.Should().HaveCount(3);
        for (var i = 0; i < calls.Length; i++)
        {
            pending[i].Should().BeEquivalentTo(calls[i] with { Sequence = i + 1 }, options => options
                .Using<DateTimeOffset>(c => c.Subject.Should().BeCloseTo(c.Expectation, TimeSpan.FromMilliseconds(1)))
                .WhenTypeIs<DateTimeOffset>());
        }
    }

    [Fact]
    public async Task Each_grain_numbers_its_own_calls()
    {
        var store = await NewStoreAsync();
        var one = NewGrain();
        var two = NewGrain();

        var sequences = new[]
        {
            await store.EnqueueCallAsync(NewCall(one), Ct),
            await store.EnqueueCallAsync(NewCall(two), Ct),
            await store.EnqueueCallAsync(NewCall(one), Ct),
            await store.EnqueueCallAsync(NewCall(two), Ct),
        };

        sequences.Should().Equal(1, 1, 2, 2);
    }

    [Fact]
    public async Task Enqueueing_the_same_call_again_returns_its_first_sequence_stores_it_once_and_skips_no_number()
    {
        var store = await NewStoreAsync();
        var other = await NewStoreAsync();
        var grain = NewGrain();
        var call = NewCall(grain);

        var first = await store.EnqueueCallAsync(call, Ct);
        var repeated = await store.EnqueueCallAsync(call, Ct);
        var fromAnotherSilo = await other.EnqueueCallAsync(call, Ct);
        var following = NewCall(grain);
        var next = await store.EnqueueCallAsync(following, Ct);

        first.Should().Be(1);
        repeated.Should().Be(1);
        fromAnotherSilo.Should().Be(1);
        next.Should().Be(2);
        (await store.GetPendingCallsAsync(grain, 0, 10, Ct)).Select(c => c.CallId).Should().Equal(call.CallId, following.CallId);
    }

    [Fact]
    public async Task Pending_calls_start_after_the_given_sequence_and_stop_at_the_maximum()
    {
        var store = await NewStoreAsync();
        var grain = NewGrain();
        for (var i = 0; i < 5; i++) await store.EnqueueCallAsync(NewCall(grain), Ct);

        var page = await store.GetPendingCallsAsync(grain, 2, 2, Ct);

        page.Select(c => c.Sequence).Should().Equal(3, 4);
        (await store.GetPendingCallsAsync(grain, 5, 10, Ct)).Should().BeEmpty();
        (await store.GetPendingCallsAsync(NewGrain(), 0, 10, Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_completed_call_is_no_longer_pending_and_its_reply_can_be_read()
    {
        var store = await NewStoreAsync();
        var (grain, lease) = await ActiveGrainAsync(store);
        var done = NewCall(grain);
        var waiting = NewCall(grain);
        await store.EnqueueCallAsync(done, Ct);
        await store.EnqueueCallAsync(waiting, Ct);
        var reply = new CallReply(done.CallId, true, Bytes("42"), null, null);

        await store.CompleteCallAsync(lease, reply, null, Ct);

        (await store.GetPendingCallsAsync(grain, 0, 10, Ct)).Select(c => c.CallId).Should().Equal(waiting.CallId);
        (await store.GetReplyAsync(done.CallId, Ct)).Should().BeEquivalentTo(reply);
        (await store.GetReplyAsync(waiting.CallId, Ct)).Should().BeNull("it has not completed");
    }

    [Fact]
    public async Task A_failed_call_keeps_its_error_type_and_message()
    {
        var store = await NewStoreAsync();
        var (grain, lease) = await ActiveGrainAsync(store);
        var call = NewCall(grain);
        await store.EnqueueCallAsync(call, Ct);
        var reply = new CallReply(call.CallId, false, null, "System.InvalidOperationException", "the budget is spent");

        await store.CompleteCallAsync(lease, reply, null, Ct);

        (await store.GetReplyAsync(call.CallId, Ct)).Should().BeEquivalentTo(reply);
    }

    [Fact]
    public async Task A_call_nobody_completed_has_no_reply()
    {
        var store = await NewStoreAsync();

        (await store.GetReplyAsync(Guid.NewGuid(), Ct)).Should().BeNull();
    }

    [Fact]
    public async Task Completing_a_call_commits_its_state_write_with_it()
    {
        var store = await NewStoreAsync();
        var (grain, lease) = await ActiveGrainAsync(store);
        var call = NewCall(grain);
        await store.EnqueueCallAsync(call, Ct);

        await store.CompleteCallAsync(lease, Ok(call), new StateWrite(grain, Bytes("{\"n\":1}"), null, "e1", lease.Epoch), Ct);

        var (data, etag) = await store.ReadStateAsync(grain, Ct);
        data.Should().Equal(Bytes("{\"n\":1}"));
        etag.Should().Be("e1");
        (await store.GetReplyAsync(call.CallId, Ct)).Should().NotBeNull();
        (await store.GetPendingCallsAsync(grain, 0, 10, Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_completion_with_a_stale_etag_fails_and_nothing_changes()
    {
        var store = await NewStoreAsync();
        var (grain, lease) = await ActiveGrainAsync(store);
        await store.WriteStateAsync(lease, new StateWrite(grain, Bytes("v1"), null, "e1", lease.Epoch), Ct);
        var call = NewCall(grain);
        await store.EnqueueCallAsync(call, Ct);

        var completing = () => store.CompleteCallAsync(lease, Ok(call), new StateWrite(grain, Bytes("v2"), "e0", "e2", lease.Epoch), Ct);

        (await completing.Should().ThrowAsync<InconsistentStateException>())
            .Which.Message.Should().Contain(grain.ToString()).And.Contain("ETag");
        await ShouldBeUnchangedAsync(store, grain, call, Bytes("v1"), "e1");
    }

    [Fact]
    public async Task A_completion_from_a_stale_epoch_fails_and_nothing_changes()
    {
        var store = await NewStoreAsync();
        var (grain, stale) = await ActiveGrainAsync(store);
        await store.WriteStateAsync(stale, new StateWrite(grain, Bytes("v1"), null, "e1", stale.Epoch), Ct);
        var call = NewCall(grain);
        await store.EnqueueCallAsync(call, Ct);
        var current = await TakeOverAsync(store, stale);

        var completing = () => store.CompleteCallAsync(stale, Ok(call), new StateWrite(grain, Bytes("v2"), "e1", "e2", stale.Epoch), Ct);

        (await completing.Should().ThrowAsync<InconsistentStateException>())
            .Which.Message.Should().Contain(grain.ToString()).And.Contain("lease");
        await ShouldBeUnchangedAsync(store, grain, call, Bytes("v1"), "e1");
        current.Epoch.Should().Be(stale.Epoch + 1);
    }

    [Fact]
    public async Task Completing_a_call_twice_keeps_the_first_reply_and_the_first_state_write()
    {
        var store = await NewStoreAsync();
        var (grain, lease) = await ActiveGrainAsync(store);
        var call = NewCall(grain);
        await store.EnqueueCallAsync(call, Ct);
        var firstReply = new CallReply(call.CallId, true, Bytes("first"), null, null);
        await store.CompleteCallAsync(lease, firstReply, new StateWrite(grain, Bytes("v1"), null, "e1", lease.Epoch), Ct);

        // A redelivered call: same call, its effects computed again from the same starting state.
        await store.CompleteCallAsync(lease, new CallReply(call.CallId, true, Bytes("second"), null, null),
            new StateWrite(grain, Bytes("v1 again"), null, "e1-again", lease.Epoch), Ct);

        (await store.GetReplyAsync(call.CallId, Ct)).Should().BeEquivalentTo(firstReply);
        var (data, etag) = await store.ReadStateAsync(grain, Ct);
        data.Should().Equal(Bytes("v1"));
        etag.Should().Be("e1");
    }

    // ---- state ------------------------------------------------------------------------

    [Fact]
    public async Task A_grain_that_never_wrote_state_reads_as_nothing()
    {
        var store = await NewStoreAsync();

        var (data, etag) = await store.ReadStateAsync(NewGrain(), Ct);

        data.Should().BeNull();
        etag.Should().BeNull();
    }

    [Fact]
    public async Task The_first_write_expects_no_etag_and_each_later_one_the_previous_etag()
    {
        var store = await NewStoreAsync();
        var (grain, lease) = await ActiveGrainAsync(store);

        await store.WriteStateAsync(lease, new StateWrite(grain, Bytes("v1"), null, "e1", lease.Epoch), Ct);
        await store.WriteStateAsync(lease, new StateWrite(grain, Bytes("v2"), "e1", "e2", lease.Epoch), Ct);

        var (data, etag) = await store.ReadStateAsync(grain, Ct);
        data.Should().Equal(Bytes("v2"));
        etag.Should().Be("e2");
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_nothing_changes()
    {
        var store = await NewStoreAsync();
        var (grain, lease) = await ActiveGrainAsync(store);
        await store.WriteStateAsync(lease, new StateWrite(grain, Bytes("v1"), null, "e1", lease.Epoch), Ct);

        var asIfNew = () => store.WriteStateAsync(lease, new StateWrite(grain, Bytes("x"), null, "x1", lease.Epoch), Ct);
        var fromOldETag = () => store.WriteStateAsync(lease, new StateWrite(grain, Bytes("x"), "e0", "x2", lease.Epoch), Ct);

        (await asIfNew.Should().ThrowAsync<InconsistentStateException>()).Which.Message.Should().Contain(grain.ToString()).And.Contain("ETag");
        (await fromOldETag.Should().ThrowAsync<InconsistentStateException>()).Which.Message.Should().Contain(grain.ToString()).And.Contain("ETag");
        var (data, etag) = await store.ReadStateAsync(grain, Ct);
        data.Should().Equal(Bytes("v1"));
        etag.Should().Be("e1");
    }

    [Fact]
    public async Task A_write_expecting_state_that_does_not_exist_is_refused()
    {
        var store = await NewStoreAsync();
        var (grain, lease) = await ActiveGrainAsync(store);

        var writing = () => store.WriteStateAsync(lease, new StateWrite(grain, Bytes("x"), "e1", "e2", lease.Epoch), Ct);

        await writing.Should().ThrowAsync<InconsistentStateException>();
        (await store.ReadStateAsync(grain, Ct)).Data.Should().BeNull();
    }

    [Fact]
    public async Task A_stale_epoch_cannot_write_state_and_nothing_changes()
    {
        var store = await NewStoreAsync();
        var (grain, stale) = await ActiveGrainAsync(store);
        await store.WriteStateAsync(stale, new StateWrite(grain, Bytes("v1"), null, "e1", stale.Epoch), Ct);
        var current = await TakeOverAsync(store, stale);

        var staleWrite = () => store.WriteStateAsync(stale, new StateWrite(grain, Bytes("stale"), "e1", "e2", stale.Epoch), Ct);

        (await staleWrite.Should().ThrowAsync<InconsistentStateException>())
            .Which.Message.Should().Contain(grain.ToString()).And.Contain("lease");
        var (data, etag) = await store.ReadStateAsync(grain, Ct);
        data.Should().Equal(Bytes("v1"));
        etag.Should().Be("e1");

        await store.WriteStateAsync(current, new StateWrite(grain, Bytes("v2"), "e1", "e3", current.Epoch), Ct);
        (await store.ReadStateAsync(grain, Ct)).ETag.Should().Be("e3");
    }

    [Fact]
    public async Task A_write_without_any_lease_is_refused()
    {
        var store = await NewStoreAsync();
        var grain = NewGrain();
        var imagined = new Lease(grain, await RegisterAsync(store), 1);

        var writing = () => store.WriteStateAsync(imagined, new StateWrite(grain, Bytes("x"), null, "e1", 1), Ct);

        await writing.Should().ThrowAsync<InconsistentStateException>();
        (await store.ReadStateAsync(grain, Ct)).Data.Should().BeNull();
    }

    [Fact]
    public async Task A_write_whose_epoch_is_not_its_lease_s_epoch_is_refused()
    {
        var store = await NewStoreAsync();
        var (grain, lease) = await ActiveGrainAsync(store);

        var writing = () => store.WriteStateAsync(lease, new StateWrite(grain, Bytes("x"), null, "e1", lease.Epoch + 1), Ct);

        await writing.Should().ThrowAsync<InconsistentStateException>();
        (await store.ReadStateAsync(grain, Ct)).Data.Should().BeNull();
    }

    [Fact]
    public async Task A_state_write_for_another_grain_than_the_lease_s_is_an_error()
    {
        var store = await NewStoreAsync();
        var (grain, lease) = await ActiveGrainAsync(store);
        var other = NewGrain();

        var writing = () => store.WriteStateAsync(lease, new StateWrite(other, Bytes("x"), null, "e1", lease.Epoch), Ct);

        await writing.Should().ThrowAsync<ArgumentException>();
        (await store.ReadStateAsync(grain, Ct)).Data.Should().BeNull();
        (await store.ReadStateAsync(other, Ct)).Data.Should().BeNull();
    }

    // ---- grain streams ----------------------------------------------------------------

    [Fact]
    public async Task A_stream_numbers_its_events_from_1_without_gaps_and_reads_them_back_after_any_sequence()
    {
        var store = await NewStoreAsync();
        var stream = NewStream();

        var sequences = new List<long>();
        for (var i = 1; i <= 5; i++) sequences.Add(await store.AppendEventAsync(stream, Bytes($"event {i}"), Ct));

        sequences.Should().Equal(1, 2, 3, 4, 5);
        var all = await store.ReadEventsAsync(stream, 0, 10, Ct);
        all.Select(e => e.Sequence).Should().Equal(1, 2, 3, 4, 5);
        all.Select(e => Encoding.UTF8.GetString(e.Payload)).Should().Equal("event 1", "event 2", "event 3", "event 4", "event 5");
        all.Should().AllSatisfy(e => e.StreamId.Should().Be(stream));
        all.Select(e => e.At).Should().BeInAscendingOrder();
        all[0].At.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        (await store.ReadEventsAsync(stream, 3, 10, Ct)).Select(e => e.Sequence).Should().Equal(4, 5);
        (await store.ReadEventsAsync(stream, 0, 2, Ct)).Select(e => e.Sequence).Should().Equal(1, 2);
        (await store.ReadEventsAsync(stream, 5, 10, Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task Streams_are_numbered_independently_and_one_never_written_is_empty()
    {
        var store = await NewStoreAsync();
        var one = NewStream();
        var two = NewStream();

        (await store.AppendEventAsync(one, Bytes("a"), Ct)).Should().Be(1);
        (await store.AppendEventAsync(two, Bytes("b"), Ct)).Should().Be(1);
        (await store.AppendEventAsync(one, Bytes("c"), Ct)).Should().Be(2);

        (await store.ReadEventsAsync(two, 0, 10, Ct)).Should().ContainSingle();
        (await store.ReadEventsAsync(NewStream(), 0, 10, Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task Concurrent_appends_through_one_store_get_consecutive_sequences_without_gaps_or_duplicates()
    {
        var store = await NewStoreAsync();
        var stream = NewStream();

        var appended = await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            var mine = new List<(long Sequence, string Payload)>();
            for (var i = 0; i < 10; i++)
            {
                var payload = $"{writer}:{i}";
                mine.Add((await store.AppendEventAsync(stream, Bytes(payload), Ct), payload));
            }
            return mine;
        })));

        var all = appended.SelectMany(a => a).OrderBy(a => a.Sequence).ToList();
        all.Select(a => a.Sequence).Should().Equal(Enumerable.Range(1, 80).Select(i => (long)i));
        var read = await store.ReadEventsAsync(stream, 0, 100, Ct);
        read.Select(e => (e.Sequence, Encoding.UTF8.GetString(e.Payload))).Should().Equal(all);
    }

    // ---- reminders --------------------------------------------------------------------

    [Fact]
    public async Task A_due_reminder_is_claimed_once_and_its_next_tick_is_whole_periods_later()
    {
        var store = await NewStoreAsync();
        var grain = NewGrain();
        var due = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(2.5);
        await store.UpsertReminderAsync(new ReminderRecord(grain, "tick", TimeSpan.FromSeconds(1), due), Ct);

        var claimed = Mine(await store.ClaimDueRemindersAsync(100, Ct), grain);
        var again = Mine(await store.ClaimDueRemindersAsync(100, Ct), grain);

        var reminder = claimed.Should().ContainSingle().Which;
        reminder.Name.Should().Be("tick");
        reminder.Period.Should().Be(TimeSpan.FromSeconds(1));
        reminder.DueAt.Should().BeCloseTo(due + TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(2), "the next tick is the first whole period past now");
        again.Should().BeEmpty("its next tick is not due yet");
        await store.RemoveReminderAsync(grain, "tick", Ct);
    }

    [Fact]
    public async Task A_claimed_reminder_is_claimed_again_when_its_next_tick_comes()
    {
        var store = await NewStoreAsync();
        var grain = NewGrain();
        var due = DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(500);
        await store.UpsertReminderAsync(new ReminderRecord(grain, "tick", TimeSpan.FromSeconds(1), due), Ct);
        var first = Mine(await store.ClaimDueRemindersAsync(100, Ct), grain).Should().ContainSingle().Which;

        await WaitUntilAsync(first.DueAt + TimeSpan.FromMilliseconds(100));
        var second = Mine(await store.ClaimDueRemindersAsync(100, Ct), grain);

        second.Should().ContainSingle().Which.DueAt.Should().BeCloseTo(due + TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(2));
        await store.RemoveReminderAsync(grain, "tick", Ct);
    }

    [Fact]
    public async Task A_reminder_not_yet_due_is_not_claimed()
    {
        var store = await NewStoreAsync();
        var grain = NewGrain();
        await store.UpsertReminderAsync(new ReminderRecord(grain, "later", TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow.AddHours(1)), Ct);

        Mine(await store.ClaimDueRemindersAsync(100, Ct), grain).Should().BeEmpty();
        await store.RemoveReminderAsync(grain, "later", Ct);
    }

    [Fact]
    public async Task A_removed_reminder_is_never_claimed()
    {
        var store = await NewStoreAsync();
        var grain = NewGrain();
        await store.UpsertReminderAsync(new ReminderRecord(grain, "gone", TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow.AddSeconds(-1)), Ct);

        await store.RemoveReminderAsync(grain, "gone", Ct);

        Mine(await store.ClaimDueRemindersAsync(100, Ct), grain).Should().BeEmpty();
    }

    [Fact]
    public async Task Upserting_a_reminder_again_replaces_its_period_and_due_time()
    {
        var store = await NewStoreAsync();
        var grain = NewGrain();
        await store.UpsertReminderAsync(new ReminderRecord(grain, "tick", TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow.AddHours(1)), Ct);
        var due = DateTimeOffset.UtcNow.AddSeconds(-1);

        await store.UpsertReminderAsync(new ReminderRecord(grain, "tick", TimeSpan.FromSeconds(10), due), Ct);

        var claimed = Mine(await store.ClaimDueRemindersAsync(100, Ct), grain).Should().ContainSingle().Which;
        claimed.Period.Should().Be(TimeSpan.FromSeconds(10));
        claimed.DueAt.Should().BeCloseTo(due + TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(2));
        await store.RemoveReminderAsync(grain, "tick", Ct);
    }

    [Fact]
    public async Task A_claim_takes_at_most_the_maximum_and_leaves_the_rest_for_the_next_claim()
    {
        var store = await NewStoreAsync();
        var grain = NewGrain();
        var names = new[] { "a", "b", "c", "d", "e" };
        foreach (var name in names)
        {
            await store.UpsertReminderAsync(new ReminderRecord(grain, name, TimeSpan.FromHours(1), DateTimeOffset.UtcNow.AddSeconds(-10)), Ct);
        }

        var claimedNames = new List<string>();
        for (var round = 0; round < 10 && claimedNames.Count < names.Length; round++)
        {
            var batch = await store.ClaimDueRemindersAsync(2, Ct);
            batch.Count.Should().BeLessThanOrEqualTo(2);
            claimedNames.AddRange(Mine(batch, grain).Select(r => r.Name));
        }

        claimedNames.Should().BeEquivalentTo(names, "each one exactly once");
        foreach (var name in names) await store.RemoveReminderAsync(grain, name, Ct);
    }

    [Fact]
    public async Task A_tick_claimed_by_one_silo_is_not_claimed_by_another()
    {
        var one = await NewStoreAsync();
        var two = await NewStoreAsync();
        var grain = NewGrain();
        await one.UpsertReminderAsync(new ReminderRecord(grain, "tick", TimeSpan.FromHours(1), DateTimeOffset.UtcNow.AddSeconds(-1)), Ct);

        var first = Mine(await one.ClaimDueRemindersAsync(100, Ct), grain);
        var second = Mine(await two.ClaimDueRemindersAsync(100, Ct), grain);

        first.Should().ContainSingle();
        second.Should().BeEmpty();
        await one.RemoveReminderAsync(grain, "tick", Ct);
    }

    // ---- signalling -------------------------------------------------------------------

    [Fact]
    public async Task Enqueueing_with_a_ring_rings_the_owner_with_the_call_and_completing_rings_the_caller_with_the_reply()
    {
        var store = await NewStoreAsync();
        var silo = await RegisterAsync(store);
        var grain = NewGrain();
        var lease = await store.AcquireLeaseAsync(grain, silo, Ct);
        var (inboxBell, replyBell) = (NewChannel(), NewChannel());
        var owner = new Received();
        var caller = new Received();
        await using var a = await store.ListenAsync(inboxBell, owner.Add, Ct);
        await using var b = await store.ListenAsync(replyBell, caller.Add, Ct);
        var call = NewCall(grain, replyTo: replyBell);

        var sequence = await store.EnqueueCallAsync(call, Ct, ring: inboxBell);
        InboxBell.TryDecode((await owner.WaitForAsync(1)).Single(), out var rungGrain, out var rungCall).Should().BeTrue();
        rungGrain.Should().Be(grain);
        rungCall.Should().BeEquivalentTo(call with { Sequence = sequence }, "a small new call travels in the bell itself");
        await store.EnqueueCallAsync(call, Ct, ring: inboxBell);
        (await owner.WaitForAsync(2)).Last().Should().Be(grain.ToString(), "a call stored before may be done already, so its bell names only the grain");
        var reply = new CallReply(call.CallId, true, [1, 2, 3], null, null);
        await store.CompleteCallAsync(lease, reply, null, Ct);

        var payload = (await caller.WaitForAsync(1)).Single();
        ReplyBell.TryDecode(payload, out var rungFor, out var carried).Should().BeTrue();
        rungFor.Should().Be(call.CallId);
        carried.Should().BeEquivalentTo(reply, "a small reply travels in the bell itself");
    }

    [Fact]
    public async Task A_notification_reaches_every_handler_on_its_channel_and_no_other()
    {
        var store = await NewStoreAsync();
        var channel = NewChannel();
        var first = new Received();
        var second = new Received();
        var elsewhere = new Received();
        await using var a = await store.ListenAsync(channel, first.Add, Ct);
        await using var b = await store.ListenAsync(channel, second.Add, Ct);
        await using var c = await store.ListenAsync(NewChannel(), elsewhere.Add, Ct);

        await store.NotifyAsync(channel, "hello", Ct);

        (await first.WaitForAsync(1)).Should().Equal("hello");
        (await second.WaitForAsync(1)).Should().Equal("hello");
        elsewhere.Payloads.Should().BeEmpty();
    }

    [Fact]
    public async Task A_disposed_handler_hears_nothing_more_and_the_others_still_do()
    {
        var store = await NewStoreAsync();
        var channel = NewChannel();
        var gone = new Received();
        var staying = new Received();
        var handle = await store.ListenAsync(channel, gone.Add, Ct);
        await using var kept = await store.ListenAsync(channel, staying.Add, Ct);

        await handle.DisposeAsync();
        await store.NotifyAsync(channel, "after", Ct);

        (await staying.WaitForAsync(1)).Should().Equal("after");
        gone.Payloads.Should().BeEmpty();
    }

    [Fact]
    public async Task A_channel_can_be_listened_to_again_after_its_last_handler_left()
    {
        var store = await NewStoreAsync();
        var channel = NewChannel();
        await (await store.ListenAsync(channel, _ => { }, Ct)).DisposeAsync();
        var received = new Received();

        await using var handle = await store.ListenAsync(channel, received.Add, Ct);
        await store.NotifyAsync(channel, "back", Ct);

        (await received.WaitForAsync(1)).Should().Equal("back");
    }

    [Fact]
    public async Task A_handler_that_throws_stops_neither_the_others_nor_later_notifications()
    {
        var store = await NewStoreAsync();
        var channel = NewChannel();
        var received = new Received();
        await using var faulty = await store.ListenAsync(channel, _ => throw new InvalidOperationException("handler bug"), Ct);
        await using var good = await store.ListenAsync(channel, received.Add, Ct);

        await store.NotifyAsync(channel, "one", Ct);
        await received.WaitForAsync(1);
        await store.NotifyAsync(channel, "two", Ct);

        (await received.WaitForAsync(2)).Should().Equal("one", "two");
    }

    // ---- helpers ----------------------------------------------------------------------

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string NewSilo() => "silo-" + Guid.NewGuid().ToString("N")[..12];

    protected static GrainId NewGrain() => new("ITestGrain", Guid.NewGuid().ToString("N"));

    protected static string NewStream() => "stream-" + Guid.NewGuid().ToString("N");

    /// <summary>A channel name every provider accepts: lower-case letters, digits and '_'.</summary>
    protected static string NewChannel() => "test_" + Guid.NewGuid().ToString("N");

    protected static GrainCall NewCall(GrainId target, string method = "Ping", string? replyTo = "reply_test", IReadOnlyList<string>? tags = null) =>
        new(Guid.NewGuid(), target, method, Bytes($"[\"{method}\"]"), replyTo, tags ?? [], DateTimeOffset.UtcNow.AddSeconds(30));

    protected static CallReply Ok(GrainCall call) => new(call.CallId, true, Bytes("null"), null, null);

    protected static IReadOnlyList<ReminderRecord> Mine(IReadOnlyList<ReminderRecord> claimed, GrainId grain) =>
        claimed.Where(r => r.Grain == grain).ToList();

    /// <summary>Registers a new silo (no tags) and returns its id.</summary>
    protected async Task<string> RegisterAsync(IClusterStore store)
    {
        var silo = NewSilo();
        await store.RegisterSiloAsync(silo, silo, "127.0.0.1:0", [], Ct);
        return silo;
    }

    protected async Task<SiloRecord> SiloRecordAsync(IClusterStore store, string silo) =>
        (await store.GetSilosAsync(Ct)).Should().ContainSingle(s => s.SiloId == silo).Which;

    /// <summary>A fresh grain whose lease a fresh silo holds.</summary>
    protected async Task<(GrainId Grain, Lease Lease)> ActiveGrainAsync(IClusterStore store)
    {
        var grain = NewGrain();
        var lease = await store.AcquireLeaseAsync(grain, await RegisterAsync(store), Ct);
        return (grain, lease);
    }

    /// <summary>Another silo takes the grain over, as after a failover: the old owner stops, the new one acquires.</summary>
    protected async Task<Lease> TakeOverAsync(IClusterStore store, Lease lease)
    {
        var successor = await RegisterAsync(store);
        await store.StopSiloAsync(lease.SiloId, Ct);
        var taken = await store.AcquireLeaseAsync(lease.Grain, successor, Ct);
        taken.SiloId.Should().Be(successor);
        return taken;
    }

    /// <summary>Lets the silo's heartbeat grow older than <see cref="DeathTimeout"/>, then has it declared dead.</summary>
    protected async Task MakeDeadAsync(IClusterStore store, string silo)
    {
        await Task.Delay(DeathTimeout + TimeSpan.FromMilliseconds(200));
        (await store.DeclareDeadSilosAsync(DeathTimeout, Ct)).Should().Contain(silo);
    }

    protected async Task<string> DeadSiloAsync(IClusterStore store)
    {
        var silo = await RegisterAsync(store);
        await MakeDeadAsync(store, silo);
        return silo;
    }

    private async Task ShouldBeUnchangedAsync(IClusterStore store, GrainId grain, GrainCall call, byte[] data, string etag)
    {
        (await store.GetReplyAsync(call.CallId, Ct)).Should().BeNull("the completion was refused");
        (await store.GetPendingCallsAsync(grain, 0, 10, Ct)).Select(c => c.CallId).Should().Contain(call.CallId, "the call is still to be done");
        var state = await store.ReadStateAsync(grain, Ct);
        state.Data.Should().Equal(data);
        state.ETag.Should().Be(etag);
    }

    private static async Task WaitUntilAsync(DateTimeOffset moment)
    {
        var wait = moment - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
    }

    /// <summary>Collects the payloads a handler receives, from whatever thread the store calls it on.</summary>
    protected sealed class Received
    {
        private readonly ConcurrentQueue<string> _payloads = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public IReadOnlyList<string> Payloads => [.. _payloads];

        public void Add(string payload)
        {
            _payloads.Enqueue(payload);
            _arrived.Release();
        }

        /// <summary>Waits (at most 5 s) until <paramref name="count"/> payloads in all have arrived; fails the test otherwise.</summary>
        public async Task<IReadOnlyList<string>> WaitForAsync(int count)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (_payloads.Count < count)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
                {
                    Assert.Fail($"Expected {count} notification(s) within 5 s, got {_payloads.Count}: [{string.Join(", ", _payloads)}].");
                }
            }
            return Payloads;
        }
    }
}
