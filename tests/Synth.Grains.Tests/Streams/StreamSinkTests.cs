using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using RabbitMQ.Client;
using Synth.Grains.Streams;
using Synth.TestSupport;

namespace Synth.Grains.Tests.Streams;

/// <summary>A stream's sinks on the test cluster: every record reaches every sink at least once and in order, a sink that is down holds the stream back, and a running stream is reconfigured without a restart.</summary>
public sealed class StreamSinkTests
{
    private const string Schema = """
        {"id": {"type": "int", "min": 1, "max": 1000000}, "name": {"type": "name"},
         "income": {"type": "float", "mean": 50000, "std": 5000, "decimals": 2}}
        """;

    private static StreamSpec Spec(IReadOnlyList<SinkSpec> sinks, long? limit = null, double? rate = null, int batchSize = 500) => new()
    {
        SchemaText = Schema,
        Seed = 11,
        Rate = rate,
        BatchSize = batchSize,
        Format = "jsonl",
        SequenceColumn = "seq",
        Limit = limit,
        RollRecords = 5_000,
        RollSeconds = 3600,
        Sinks = sinks,
    };

    private static SinkSpec Webhook(WebhookReceiver receiver, string? name = null) => new() { Kind = "webhook", Name = name, Url = receiver.Url.ToString(), Secret = "s3cret" };

    [Fact]
    public async Task A_webhook_that_fails_now_and_then_still_receives_every_record_in_order_with_no_gap()
    {
        await using var receiver = new WebhookReceiver { Fails = n => n % 4 == 0 };
        await using var cluster = await SynthTestCluster.StartAsync(silos: 1);
        var stream = cluster.Grains.GetGrain<IStreamerGrain>(StreamIds.New());

        await stream.StartAsync(Spec([Webhook(receiver)], limit: 20_000));
        var final = await WaitAsync(stream, s => s.Status == StreamStatus.Stopped);

        receiver.Records().Select(r => r.Sequence).Should().Equal(Enumerable.Range(0, 20_000).Select(i => (long)i));
        string.Concat(receiver.Records().Select(r => r.Line + "\n")).Should().Be(Reference(0, 20_000));
        final.Sinks!.Single().Should().Match<SinkHealth>(h => h.Acked == 20_000 && h.Failures == 0);
        receiver.Requests.Should().BeGreaterThan(receiver.Accepted.Count, "some batches were refused and sent again");
        // Flat out, batches are made in runs on every core, but each still goes out as one batch of the stream's size.
        receiver.Accepted.Select(b => (b.First, b.Count)).Distinct().Should().Equal(Enumerable.Range(0, 40).Select(i => (i * 500L, 500)));
    }

    [Fact]
    public async Task A_sink_that_is_down_holds_the_stream_back_and_degrades_it_with_the_cause_and_it_catches_up_when_the_sink_returns()
    {
        await using var receiver = new WebhookReceiver { Down = true };
        await using var cluster = await SynthTestCluster.StartAsync(silos: 1);
        var stream = cluster.Grains.GetGrain<IStreamerGrain>(StreamIds.New());
        await stream.StartAsync(Spec([Webhook(receiver), new SinkSpec { Kind = "discard" }], limit: 3_000, rate: 1_000, batchSize: 100));

        var degraded = await WaitAsync(stream, s => s.Status == StreamStatus.Degraded);
        await Task.Delay(1000);
        var held = (await stream.GetAsync())!;
        receiver.Down = false;
        var final = await WaitAsync(stream, s => s.Status == StreamStatus.Stopped);

        degraded.Error.Should().Contain("sink 'webhook' (webhook)").And.Contain("503");
        degraded.Sinks!.Single(s => s.Name == "webhook").Failures.Should().BeGreaterThanOrEqualTo(3);
        held.Made.Should().Be(0, "the other sink waits for the one that is down: records are made again from the checkpoint, never piled up");
        held.Behind.Should().BeGreaterThan(0, "the stream says how far behind its schedule it is");
        final.Error.Should().BeNull();
        receiver.Records().Should().HaveCount(3_000);
        final.Sinks!.Should().OnlyContain(s => s.Acked == 3_000);
    }

    [Fact]
    public async Task A_stream_into_postgres_fills_the_table_it_creates_from_the_schema()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var cluster = await SynthTestCluster.StartAsync(silos: 1);
        var stream = cluster.Grains.GetGrain<IStreamerGrain>(StreamIds.New());

        await stream.StartAsync(Spec([new SinkSpec { Kind = "postgres", Connection = database.ConnectionString, Table = "public.events" }], limit: 5_000));
        await WaitAsync(stream, s => s.Status == StreamStatus.Stopped);

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT count(*), count(DISTINCT seq), min(seq), max(seq), avg(income) FROM public.events", connection);
        await using var reader = await query.ExecuteReaderAsync();
        await reader.ReadAsync();
        (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)).Should().Be((5_000L, 5_000L, 0L, 4_999L));
        reader.GetDouble(4).Should().BeApproximately(50_000, 500);
        var first = JsonDocument.Parse(Reference(0, 1).TrimEnd()).RootElement;
        await reader.CloseAsync();
        await using var row = new NpgsqlCommand("SELECT id, name, income FROM public.events WHERE seq = 0", connection);
        await using var values = await row.ExecuteReaderAsync();
        await values.ReadAsync();
        (values.GetInt64(0), values.GetString(1), values.GetDouble(2)).Should().Be((first.GetProperty("id").GetInt64(), first.GetProperty("name").GetString()!, first.GetProperty("income").GetDouble()));
    }

    [Fact]
    public async Task A_stream_into_rabbitmq_publishes_one_message_per_record()
    {
        var queue = "synth-stream-" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = await new ConnectionFactory { Uri = RabbitMqBroker.Uri }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false);
        await using var cluster = await SynthTestCluster.StartAsync(silos: 1);
        var stream = cluster.Grains.GetGrain<IStreamerGrain>(StreamIds.New());

        await stream.StartAsync(Spec([new SinkSpec { Kind = "rabbitmq", Connection = RabbitMqBroker.Uri.ToString(), RoutingKey = queue }], limit: 2_000));
        await WaitAsync(stream, s => s.Status == StreamStatus.Stopped);

        var bodies = new StringBuilder();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } message) bodies.Append(Encoding.UTF8.GetString(message.Body.Span)).Append('\n');
        bodies.ToString().Should().Be(Reference(0, 2_000));
    }

    [Fact]
    public async Task A_stream_whose_silo_is_killed_delivers_to_its_webhook_from_the_checkpoint_with_no_gap_and_the_same_records()
    {
        await using var receiver = new WebhookReceiver();
        await using var cluster = await SynthTestCluster.StartAsync(silos: 2);
        var stream = cluster.Grains.GetGrain<IStreamerGrain>(StreamIds.New());
        await stream.StartAsync(Spec([Webhook(receiver)], limit: 30_000, rate: 10_000));
        await WaitAsync(stream, s => s.Emitted >= 5_000);
        var host = await cluster.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(stream);

        await cluster.Cluster.KillSiloAsync(cluster.Cluster.Silos.Single(s => s.SiloAddress.Equals(host)));
        await WaitAsync(stream, s => s.Status == StreamStatus.Stopped, TimeSpan.FromMinutes(2));

        var records = receiver.Records();
        records.Select(r => r.Sequence).Should().Equal(Enumerable.Range(0, 30_000).Select(i => (long)i), "no gap");
        string.Concat(records.Select(r => r.Line + "\n")).Should().Be(Reference(0, 30_000), "the records of an uninterrupted run");
        var batches = receiver.Accepted.ToList();
        batches.Zip(batches.Skip(1)).Should().OnlyContain(p => p.Second.First <= p.First.First + p.First.Count, "batches follow one another, or go back to the checkpoint");
    }

    [Fact]
    public async Task A_stream_nobody_calls_comes_back_by_itself_after_its_silo_is_killed()
    {
        await using var receiver = new WebhookReceiver();
        await using var cluster = await SynthTestCluster.StartAsync(silos: 2);
        var stream = cluster.Grains.GetGrain<IStreamerGrain>(StreamIds.New());
        await stream.StartAsync(Spec([Webhook(receiver)], limit: 1_000_000, rate: 2_000));
        await WaitAsync(stream, s => s.Emitted >= 2_000);
        var host = await cluster.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(stream);

        await cluster.Cluster.KillSiloAsync(cluster.Cluster.Silos.Single(s => s.SiloAddress.Equals(host)));
        var before = receiver.Records().Count;
        // Nobody calls the stream: the survivors' keeper (or, a minute later, its reminder) must bring it back.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (receiver.Records().Count < before + 4_000 && DateTime.UtcNow < deadline) await Task.Delay(100);
        var resumed = await stream.StopAsync();

        receiver.Records().Count.Should().BeGreaterThanOrEqualTo(before + 4_000, "the stream came back on the surviving silo and went on");
        receiver.Records().Select(r => r.Sequence).Should().Equal(Enumerable.Range(0, receiver.Records().Count).Select(i => (long)i), "no gap");
        (await cluster.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(stream)).Should().NotBe(host!);
        resumed.Status.Should().Be(StreamStatus.Stopped);
    }

    [Fact]
    public async Task A_new_drift_plan_takes_over_from_the_next_record_and_the_records_made_before_stay_as_they_were()
    {
        await using var receiver = new WebhookReceiver();
        await using var cluster = await SynthTestCluster.StartAsync(silos: 1);
        var stream = cluster.Grains.GetGrain<IStreamerGrain>(StreamIds.New());
        await stream.StartAsync(Spec([Webhook(receiver)], limit: 40_000, rate: 20_000));
        await WaitAsync(stream, s => s.Made >= 5_000);

        var changed = await stream.UpdateAsync(new StreamUpdate { DriftPlanText = """{"events": [{"kind": "sudden", "at": 0, "fields": {"income": {"mean": 90000}}}]}""" });
        await WaitAsync(stream, s => s.Status == StreamStatus.Stopped);

        var from = changed.PlanChanges!.Single().From;
        from.Should().BeInRange(5_000, 39_000);
        var records = receiver.Records();
        records.Should().HaveCount(40_000);
        string.Concat(records.Take((int)from).Select(r => r.Line + "\n")).Should().Be(Reference(0, (int)from), "records made before the change are the old plan's");
        Mean(records.Take((int)from)).Should().BeApproximately(50_000, 500);
        Mean(records.Skip((int)from)).Should().BeApproximately(90_000, 500, "the new plan rules from its first record on");
    }

    [Fact]
    public async Task Sinks_are_changed_without_a_restart_a_new_one_starting_at_the_next_record()
    {
        await using var first = new WebhookReceiver();
        await using var second = new WebhookReceiver();
        await using var cluster = await SynthTestCluster.StartAsync(silos: 1);
        var stream = cluster.Grains.GetGrain<IStreamerGrain>(StreamIds.New());
        await stream.StartAsync(Spec([Webhook(first, "a")], limit: 30_000, rate: 10_000));
        await WaitAsync(stream, s => s.Made >= 3_000);

        var changed = await stream.UpdateAsync(new StreamUpdate { Sinks = [Webhook(first, "a"), Webhook(second, "b")] });
        var final = await WaitAsync(stream, s => s.Status == StreamStatus.Stopped);

        first.Records().Should().HaveCount(30_000, "the sink kept by name went on");
        var joined = changed.Sinks!.Single(s => s.Name == "b").Delivered;
        second.Records().Select(r => r.Sequence).Should().Equal(Enumerable.Range((int)joined, 30_000 - (int)joined).Select(i => (long)i));
        final.Sinks!.Select(s => s.Name).Should().Equal("a", "b");
    }

    [Fact]
    public async Task A_stream_makes_nothing_before_its_start_time_and_stops_at_its_stop_time()
    {
        await using var cluster = await SynthTestCluster.StartAsync(silos: 1);
        var stream = cluster.Grains.GetGrain<IStreamerGrain>(StreamIds.New());
        var start = DateTimeOffset.UtcNow.AddSeconds(2);

        await stream.StartAsync(Spec([new SinkSpec { Kind = "discard" }], rate: 1_000) with { StartAt = start, StopAt = start.AddSeconds(2) });
        var before = (await stream.GetAsync())!;
        var final = await WaitAsync(stream, s => s.Status == StreamStatus.Stopped);

        before.Made.Should().Be(0, "nothing is made before the start time");
        (final.StoppedAt!.Value >= start.AddSeconds(2)).Should().BeTrue("it stops at its stop time, not before");
        final.Made.Should().BePositive();
    }

    [Fact]
    public async Task An_update_with_a_bad_sink_is_refused_naming_the_field_and_changes_nothing()
    {
        await using var cluster = await SynthTestCluster.StartAsync(silos: 1);
        var stream = cluster.Grains.GetGrain<IStreamerGrain>(StreamIds.New());
        await stream.StartAsync(Spec([new SinkSpec { Kind = "discard" }], rate: 10));

        var update = () => stream.UpdateAsync(new StreamUpdate { ChangesRate = true, Rate = 99, Sinks = [new SinkSpec { Kind = "webhook", Url = "ftp://x" }] });

        (await update.Should().ThrowAsync<ArgumentException>()).WithMessage("sinks[0].url: must be an absolute http or https URL");
        var after = (await stream.GetAsync())!;
        after.Rate.Should().Be(10, "a refused update changes nothing");
        after.Spec.Sinks!.Single().Kind.Should().Be("discard");
        await stream.StopAsync();
    }

    private static double Mean(IEnumerable<(long Sequence, string Line)> records) =>
        records.Average(r => JsonDocument.Parse(r.Line).RootElement.GetProperty("income").GetDouble());

    private static async Task<StreamInfo> WaitAsync(IStreamerGrain stream, Func<StreamInfo, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            try
            {
                var info = (await stream.GetAsync())!;
                if (condition(info)) return info;
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"the stream never got there: {info.Status}, {info.Made} made, {info.Emitted} emitted, {info.Error}");
            }
            catch (Exception e) when (e is not TimeoutException && DateTime.UtcNow < deadline)
            {
                // Its silo was just killed: the call fails until the grain is activated elsewhere.
            }
            await Task.Delay(50);
        }
    }

    private static string Reference(long first, int count)
    {
        var output = new ArrayBufferWriter<byte>();
        StreamDefinition.Records(Spec([]), [], "jsonl", 1000).Write(first, count, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
