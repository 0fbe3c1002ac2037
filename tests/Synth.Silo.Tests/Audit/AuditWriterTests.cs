using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Synth.Grains.Audit;
using Synth.Silo.Audit;
using Synth.TestSupport;

namespace Synth.Silo.Tests.Audit;

/// <summary>The batched writer in front of a real (SQLite) audit store: what it queues is written, and what it cannot keep fails loudly.</summary>
[Trait("Category", "Integration")]
public sealed class AuditWriterTests : IDisposable
{
    private readonly TempDirectory _directory = new("audit-writer-");

    [Fact]
    public async Task Recorded_events_are_written_in_order_and_what_is_queued_at_stop_is_written_too()
    {
        var store = new SqliteAuditStore(_directory.File("cluster.db"));
        var writer = new AuditWriter(store, Options.Create(new AuditOptions { BatchSize = 7 }), NullLogger<AuditWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);

        for (var i = 0; i < 100; i++) await writer.RecordAsync(AuditEvent.Create("ann", "user", "job.submitted", $"job:{i}", AuditEvent.Ok, "127.0.0.1"));
        await writer.StopAsync(CancellationToken.None);

        var read = await store.QueryAsync(new AuditQuery(Limit: 1000, Ascending: true));
        read.Select(e => e.Resource).Should().Equal(Enumerable.Range(0, 100).Select(i => $"job:{i}"));
    }

    [Fact]
    public async Task Events_recorded_after_the_writer_stopped_are_written_directly()
    {
        var store = new SqliteAuditStore(_directory.File("cluster.db"));
        var writer = new AuditWriter(store, Options.Create(new AuditOptions()), NullLogger<AuditWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);

        await writer.RecordAsync(AuditEvent.Create("system", null, "job.succeeded", "job:late", AuditEvent.Ok, null));

        (await store.QueryAsync(new AuditQuery())).Should().ContainSingle().Which.Resource.Should().Be("job:late");
    }

    [Fact]
    public async Task When_the_database_takes_nothing_a_full_queue_makes_recording_fail_instead_of_dropping_the_event()
    {
        // A database under a path that is a file cannot be opened: every write fails.
        File.WriteAllText(_directory.File("not-a-directory"), "");
        var store = new SqliteAuditStore(Path.Combine(_directory.File("not-a-directory"), "cluster.db"));
        var options = new AuditOptions { QueueCapacity = 4, BatchSize = 2, MaxWait = TimeSpan.FromMilliseconds(50) };
        var writer = new AuditWriter(store, Options.Create(options), NullLogger<AuditWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        try
        {
            var recorded = 0;
            var record = async () =>
            {
                for (; recorded < 100; recorded++) await writer.RecordAsync(AuditEvent.Create("ann", "user", "key.created", $"key:{recorded}", AuditEvent.Ok, "127.0.0.1"));
            };

            (await record.Should().ThrowAsync<AuditUnavailableException>()).Which.Message.Should().Contain("refused");
            recorded.Should().BeLessThanOrEqualTo(options.QueueCapacity + options.BatchSize, "the queue holds what the database did not take, and no more");
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await writer.StopAsync(stop.Token);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
