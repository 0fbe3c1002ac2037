using System.Text;
using Synth.Runtime.Calls;
using Synth.Runtime.Grains;
using Synth.Runtime.Hosting;
using Synth.Runtime.Storage;
using Synth.Runtime.TestHost.Grains;

namespace Synth.Runtime.Tests.Hosting;

/// <summary>The programming model, specified once and run against every store provider.</summary>
public abstract class RuntimeBehaviourTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    protected abstract Task<IClusterStore> CreateStoreAsync();

    public Task InitializeAsync()
    {
        _cluster = new TestCluster(CreateStoreAsync);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task<IGrainFactory> SiloAsync(SiloOptions? options = null) => (await _cluster.StartSiloAsync(options)).Client;

    private static string NewKey() => Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_call_activates_the_grain_and_returns_its_result()
    {
        var grains = await SiloAsync();

        var counter = grains.Get<ICounterGrain>(NewKey());

        (await counter.Add(2)).Should().Be(2);
        (await counter.Add(3)).Should().Be(5);
    }

    [Fact]
    public async Task Concurrent_calls_to_one_grain_run_one_turn_at_a_time_and_none_is_lost()
    {
        var grains = await SiloAsync();
        var key = NewKey();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => grains.Get<ICounterGrain>(key).Add(1)));

        (await grains.Get<ICounterGrain>(key).Get()).Should().Be(200);
        TurnLog.MaxConcurrentTurnsOf(key).Should().Be(1);
        TurnLog.MaxConcurrentActivationsOf(key).Should().Be(1);
    }

    [Fact]
    public async Task State_survives_the_silo_stopping_and_another_starting()
    {
        var key = NewKey();
        var first = await _cluster.StartSiloAsync();
        await first.Client.Get<ICounterGrain>(key).Add(41);
        await first.StopAsync(CancellationToken.None);

        var second = await SiloAsync();

        (await second.Get<ICounterGrain>(key).Add(1)).Should().Be(42);
    }

    [Fact]
    public async Task An_exception_in_the_grain_reaches_the_caller_with_its_type_and_message()
    {
        var grains = await SiloAsync();

        var act = () => grains.Get<IWorkerGrain>(NewKey()).Fail("disk on fire");

        (await act.Should().ThrowAsync<GrainCallException>()).Which.Message.Should().Contain("InvalidOperationException: disk on fire");
    }

    [Fact]
    public async Task A_call_that_outlives_its_timeout_fails_with_a_clear_error()
    {
        var grains = await SiloAsync();
        var worker = grains.Get<IWorkerGrain>(NewKey(), new GrainCallOptions { Timeout = TimeSpan.FromSeconds(1) });

        var act = () => worker.Hang();

        (await act.Should().ThrowAsync<GrainCallTimeoutException>()).Which.Message.Should().Contain("IWorkerGrain/").And.Contain("within 1 s");
    }

    [Fact]
    public async Task Cancelling_a_call_stops_the_caller_waiting_at_once()
    {
        var grains = await SiloAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var started = DateTime.UtcNow;

        var act = () => grains.Get<IWorkerGrain>(NewKey()).Hang(cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        (DateTime.UtcNow - started).Should().BeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_timer_ticks_as_turns_of_its_activation()
    {
        var grains = await SiloAsync();
        var worker = grains.Get<IWorkerGrain>(NewKey());

        await worker.StartTimer(100);
        await Task.Delay(1000);

        (await worker.TimerTicks()).Should().BeInRange(5, 11);
    }

    [Fact]
    public async Task An_activity_runs_beside_calls_and_a_cancel_gets_through_within_a_second()
    {
        var grains = await SiloAsync();
        var worker = grains.Get<IWorkerGrain>(NewKey());
        await worker.Start();
        await Task.Delay(300);

        var progress = await worker.Progress();
        var started = DateTime.UtcNow;
        await worker.Cancel();
        var cancelLatency = DateTime.UtcNow - started;

        progress.Should().BeGreaterThan(0, "the activity made progress while calls were served");
        cancelLatency.Should().BeLessThan(TimeSpan.FromSeconds(1));
        (await worker.IsRunning()).Should().BeFalse();
    }

    [Fact]
    public async Task Reminders_keep_calling_the_grain()
    {
        var grains = await SiloAsync();
        var grain = grains.Get<IReminderGrain>(NewKey());

        await grain.StartTicking(1);
        await Task.Delay(TimeSpan.FromSeconds(3.6));
        await grain.StopTicking();

        (await grain.Ticks()).Should().BeInRange(2, 4);
    }

    [Fact]
    public async Task A_stream_subscriber_gets_every_event_in_order_and_resumes_from_its_last_sequence()
    {
        var silo = await _cluster.StartSiloAsync();
        var streams = silo.Client.Streams;
        var id = "job-" + NewKey();
        for (var i = 1; i <= 5; i++) await streams.AppendAsync(id, Encoding.UTF8.GetBytes($"e{i}"));

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var firstFive = await streams.SubscribeAsync(id, 0, cts.Token).Take(5).ToListAsync(cts.Token);
        var last = firstFive[^1].Sequence;
        for (var i = 6; i <= 8; i++) await streams.AppendAsync(id, Encoding.UTF8.GetBytes($"e{i}"));
        var missed = await streams.SubscribeAsync(id, last, cts.Token).Take(3).ToListAsync(cts.Token);

        firstFive.Select(e => e.Sequence).Should().Equal(1, 2, 3, 4, 5);
        missed.Select(e => Encoding.UTF8.GetString(e.Payload)).Should().Equal("e6", "e7", "e8");
    }

    [Fact]
    public async Task A_live_subscriber_is_woken_by_new_events()
    {
        var silo = await _cluster.StartSiloAsync();
        var id = "live-" + NewKey();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var reading = silo.Client.Streams.SubscribeAsync(id, 0, cts.Token).Take(3).ToListAsync(cts.Token).AsTask();

        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(50);
            await silo.Client.Streams.AppendAsync(id, [(byte)i]);
        }

        (await reading).Select(e => e.Payload[0]).Should().Equal((byte)0, (byte)1, (byte)2);
    }

    [Fact]
    public async Task Idle_activations_are_deactivated_and_come_back_on_the_next_call()
    {
        var options = TestCluster.FastOptions();
        options.IdleTimeout = TimeSpan.FromMilliseconds(400);
        var silo = await _cluster.StartSiloAsync(options);
        var key = NewKey();
        await silo.Client.Get<ICounterGrain>(key).Add(7);

        await Task.Delay(1500);
        var afterIdle = silo.ActivationCount;

        afterIdle.Should().Be(0);
        (await silo.Client.Get<ICounterGrain>(key).Add(1)).Should().Be(8);
    }

    [Fact]
    public async Task A_grain_needing_a_tag_no_silo_has_fails_at_once_naming_the_tag()
    {
        var grains = await SiloAsync();
        var started = DateTime.UtcNow;

        var act = () => grains.Get<IGpuGrain>(NewKey()).WhereAmI();

        (await act.Should().ThrowAsync<NoEligibleSiloException>()).Which.Message.Should().Contain("'gpu'");
        (DateTime.UtcNow - started).Should().BeLessThan(TimeSpan.FromSeconds(2));
    }
}
