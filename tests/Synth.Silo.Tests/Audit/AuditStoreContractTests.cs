using Synth.Grains.Audit;

namespace Synth.Silo.Tests.Audit;

/// <summary>
/// What every audit store must do, run against each of them (SQLite embedded, PostgreSQL in a
/// cluster): keep events in order with growing ids, exactly as given; find them by actor, action,
/// resource and time; page through them with a cursor; and refuse any change or removal, even by SQL
/// sent straight to the database.
/// </summary>
[Trait("Category", "Integration")]
public abstract class AuditStoreContractTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : class, IAuditStoreFixture
{
    private IAuditStore Store => fixture.Store;

    /// <summary>Each test's events have an actor of their own, so that tests sharing the store do not see each other's.</summary>
    private readonly string _actor = "u-" + Guid.NewGuid().ToString("N")[..8];

    private AuditEvent Event(string action, string? resource = null, DateTimeOffset? at = null, string? actor = null) =>
        AuditEvent.Create(actor ?? _actor, "user", action, resource, AuditEvent.Ok, "127.0.0.1", "detail of " + action) with { At = at ?? DateTimeOffset.UtcNow };

    [Fact]
    public async Task Appended_events_read_back_newest_first_with_growing_ids_and_every_field_as_given()
    {
        var at = new DateTimeOffset(2026, 12, 5, 1, 2, 3, TimeSpan.Zero).AddTicks(4560); // microsecond precision is kept
        AuditEvent[] events =
        [
            Event("key.created", "key:k1", at),
            AuditEvent.Create(_actor, null, "signin.refused", null, AuditEvent.Refused, null, null) with { At = at.AddSeconds(1) },
        ];

        await Store.AppendAsync(events);
        var read = await Store.QueryAsync(new AuditQuery(Actor: _actor));

        read.Should().HaveCount(2);
        read[0].Id.Should().BeGreaterThan(read[1].Id);
        read.Select(e => e with { Id = 0 }).Should().Equal(events.Reverse());
    }

    [Fact]
    public async Task Events_are_found_by_actor_action_resource_and_time_range()
    {
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        await Store.AppendAsync(
        [
            Event("job.submitted", "job:a", start),
            Event("job.cancelled", "job:a", start.AddMinutes(10)),
            Event("job.submitted", "job:b", start.AddMinutes(20)),
            Event("job.submitted", "job:c", start.AddMinutes(20), actor: _actor + "-other"),
        ]);

        (await Store.QueryAsync(new AuditQuery(Actor: _actor))).Should().HaveCount(3);
        (await Store.QueryAsync(new AuditQuery(Actor: _actor, Action: "job.submitted"))).Select(e => e.Resource).Should().Equal("job:b", "job:a");
        (await Store.QueryAsync(new AuditQuery(Actor: _actor, Resource: "job:a"))).Select(e => e.Action).Should().Equal("job.cancelled", "job.submitted");
        (await Store.QueryAsync(new AuditQuery(Actor: _actor, From: start.AddMinutes(5), To: start.AddMinutes(20)))).Select(e => e.Action).Should().Equal("job.cancelled");
    }

    [Fact]
    public async Task Paging_with_the_cursor_visits_every_event_once_in_both_directions()
    {
        await Store.AppendAsync([.. Enumerable.Range(0, 25).Select(i => Event("job.submitted", $"job:{i}"))]);

        var newestFirst = new List<AuditEvent>();
        long? before = null;
        while (true)
        {
            var page = await Store.QueryAsync(new AuditQuery(Actor: _actor, Before: before, Limit: 10));
            if (page.Count == 0) break;
            newestFirst.AddRange(page);
            before = page[^1].Id;
        }
        var oldestFirst = new List<AuditEvent>();
        long? after = null;
        while (true)
        {
            var page = await Store.QueryAsync(new AuditQuery(Actor: _actor, After: after, Limit: 7, Ascending: true));
            if (page.Count == 0) break;
            oldestFirst.AddRange(page);
            after = page[^1].Id;
        }

        newestFirst.Select(e => e.Resource).Should().Equal(Enumerable.Range(0, 25).Reverse().Select(i => $"job:{i}"));
        oldestFirst.Should().Equal(Enumerable.Reverse(newestFirst));
    }

    [Theory]
    [InlineData("UPDATE synth_audit SET actor = 'someone-else'")]
    [InlineData("DELETE FROM synth_audit")]
    public async Task The_table_refuses_to_change_or_remove_events_even_by_SQL_sent_straight_to_the_database(string sql)
    {
        await Store.AppendAsync([Event("key.revoked", "key:k2")]);

        var change = () => fixture.ExecuteAsync(sql);

        (await change.Should().ThrowAsync<Exception>()).Which.Message.Should().Contain("append-only");
        (await Store.QueryAsync(new AuditQuery(Actor: _actor))).Should().ContainSingle().Which.Action.Should().Be("key.revoked");
    }

    [Fact]
    public async Task A_batch_is_stored_whole_in_its_order()
    {
        var batch = Enumerable.Range(0, 300).Select(i => Event("budget.spent", $"dataset:{i}")).ToList();

        await Store.AppendAsync(batch);

        var read = await Store.QueryAsync(new AuditQuery(Actor: _actor, Limit: 1000, Ascending: true));
        read.Select(e => e.Resource).Should().Equal(batch.Select(e => e.Resource));
    }
}

public sealed class SqliteAuditStoreTests(SqliteAuditStoreFixture fixture) : AuditStoreContractTests<SqliteAuditStoreFixture>(fixture);

public sealed class PostgresAuditStoreTests(PostgresAuditStoreFixture fixture) : AuditStoreContractTests<PostgresAuditStoreFixture>(fixture);
