namespace Synth.Silo.Tests.Reminders;

/// <summary>
/// What every reminder table of Synth must do, run against the SQLite one and Orleans' ADO.NET
/// one on the project's PostgreSQL migrations. Reminders start a day from now so that the silo's
/// own reminder service never fires them while the test runs; each test uses grains of its own.
/// </summary>
public abstract class ReminderTableContractTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : class, IProviderSiloFixture
{
    private static readonly TimeSpan s_period = TimeSpan.FromMinutes(10);

    private IReminderTable Table => fixture.Silo.ReminderTable;

    private static GrainId NewGrain() => GrainId.Create("reminded", Guid.NewGuid().ToString("N"));

    // Whole milliseconds: PostgreSQL keeps microseconds, SQLite ticks; both keep these exactly.
    private static DateTime StartAt() => DateTime.UnixEpoch.AddMilliseconds(Math.Floor((DateTime.UtcNow.AddDays(1) - DateTime.UnixEpoch).TotalMilliseconds));

    private static ReminderEntry Entry(GrainId grain, string name = "tick", DateTime? startAt = null, TimeSpan? period = null) =>
        new() { GrainId = grain, ReminderName = name, StartAt = startAt ?? StartAt(), Period = period ?? s_period };

    [Fact]
    public async Task A_reminder_never_written_reads_as_null_and_its_grain_has_no_rows()
    {
        var grain = NewGrain();

        (await Table.ReadRow(grain, "tick")).Should().BeNull();
        (await Table.ReadRows(grain)).Reminders.Should().BeEmpty();
    }

    [Fact]
    public async Task An_upserted_reminder_reads_back_with_the_etag_the_upsert_returned()
    {
        var grain = NewGrain();
        var entry = Entry(grain);

        var etag = await Table.UpsertRow(entry);
        var read = await Table.ReadRow(grain, "tick");

        etag.Should().NotBeNullOrEmpty();
        read.Should().NotBeNull();
        read!.GrainId.Should().Be(grain);
        read.ReminderName.Should().Be("tick");
        read.StartAt.ToUniversalTime().Should().Be(entry.StartAt);
        read.Period.Should().Be(s_period);
        read.ETag.Should().Be(etag);
    }

    [Fact]
    public async Task Upserting_again_replaces_the_reminder_and_changes_its_etag()
    {
        var grain = NewGrain();
        var first = await Table.UpsertRow(Entry(grain));
        var later = StartAt().AddHours(1);

        var second = await Table.UpsertRow(Entry(grain, startAt: later, period: TimeSpan.FromMinutes(20)));
        var read = await Table.ReadRow(grain, "tick");

        second.Should().NotBe(first);
        read!.ETag.Should().Be(second);
        read.StartAt.ToUniversalTime().Should().Be(later);
        read.Period.Should().Be(TimeSpan.FromMinutes(20));
        (await Table.ReadRows(grain)).Reminders.Should().ContainSingle();
    }

    [Fact]
    public async Task A_grain_reads_all_of_its_reminders_and_none_of_another_grain()
    {
        var grain = NewGrain();
        var other = NewGrain();
        await Table.UpsertRow(Entry(grain, "a"));
        await Table.UpsertRow(Entry(grain, "b"));
        await Table.UpsertRow(Entry(other, "a"));

        var rows = await Table.ReadRows(grain);

        rows.Reminders.Select(r => r.ReminderName).Should().BeEquivalentTo("a", "b");
        rows.Reminders.Should().OnlyContain(r => r.GrainId == grain);
    }

    [Fact]
    public async Task Removing_with_a_stale_etag_keeps_the_reminder_and_with_the_current_one_deletes_it()
    {
        var grain = NewGrain();
        var stale = await Table.UpsertRow(Entry(grain));
        var current = await Table.UpsertRow(Entry(grain));

        var removedStale = await Table.RemoveRow(grain, "tick", stale!);
        var stillThere = await Table.ReadRow(grain, "tick");
        var removedCurrent = await Table.RemoveRow(grain, "tick", current!);

        removedStale.Should().BeFalse();
        stillThere!.ETag.Should().Be(current);
        removedCurrent.Should().BeTrue();
        (await Table.ReadRow(grain, "tick")).Should().BeNull();
        (await Table.RemoveRow(grain, "tick", current!)).Should().BeFalse();
    }

    [Fact]
    public async Task A_range_read_returns_the_grains_whose_hash_is_after_begin_and_up_to_end()
    {
        var hashes = await UpsertGrainsAcrossTheRingAsync();
        // From below the middle of the ring to above it: signed and unsigned orders disagree here.
        var low = hashes.Keys.Where(h => h < 0x8000_0000u).Max();
        var begin = hashes.Keys.Where(h => h < low).Max();
        var end = hashes.Keys.Where(h => h >= 0x8000_0000u).Min();

        var read = await ReadOursAsync(hashes, begin, end);

        read.Should().BeEquivalentTo(hashes.Where(h => h.Key > begin && h.Key <= end).Select(h => h.Value));
        read.Should().HaveCount(2).And.NotContain(hashes[begin]);
    }

    [Fact]
    public async Task A_range_read_with_begin_after_end_wraps_around_the_ring()
    {
        var hashes = await UpsertGrainsAcrossTheRingAsync();
        var sorted = hashes.Keys.Order().ToArray();
        var begin = sorted[^4];
        var end = sorted[3];

        var read = await ReadOursAsync(hashes, begin, end);

        read.Should().BeEquivalentTo(hashes.Where(h => h.Key > begin || h.Key <= end).Select(h => h.Value));
        read.Should().HaveCount(3 + 4);
    }

    [Fact]
    public async Task A_range_read_with_begin_equal_to_end_is_the_whole_ring()
    {
        var hashes = await UpsertGrainsAcrossTheRingAsync();
        var point = hashes.Keys.First();

        var read = await ReadOursAsync(hashes, point, point);

        read.Should().BeEquivalentTo(hashes.Values);
    }

    [Fact]
    public async Task Reminders_survive_restarting_the_silo()
    {
        var grain = NewGrain();
        var etag = await Table.UpsertRow(Entry(grain));

        await fixture.Silo.RestartAsync();
        var read = await Table.ReadRow(grain, "tick");

        read!.ETag.Should().Be(etag);
        read.Period.Should().Be(s_period);
    }

    /// <summary>Reminders for 24 new grains, at least 8 on each half of the hash ring; hash → grain.</summary>
    private async Task<Dictionary<uint, GrainId>> UpsertGrainsAcrossTheRingAsync()
    {
        var grains = new Dictionary<uint, GrainId>();
        int low = 0, high = 0;
        while (grains.Count < 24 || low < 8 || high < 8)
        {
            var grain = NewGrain();
            var hash = grain.GetUniformHashCode();
            if (grains.ContainsKey(hash)) continue;
            if (hash < 0x8000_0000u) { if (low >= 16) continue; low++; }
            else { if (high >= 16) continue; high++; }
            grains[hash] = grain;
        }
        foreach (var grain in grains.Values) await Table.UpsertRow(Entry(grain));
        return grains;
    }

    /// <summary>The range read, limited to this test's grains (the table holds other tests' too).</summary>
    private async Task<List<GrainId>> ReadOursAsync(Dictionary<uint, GrainId> ours, uint begin, uint end)
    {
        var rows = await Table.ReadRows(begin, end);
        var mine = ours.Values.ToHashSet();
        return rows.Reminders.Select(r => r.GrainId).Where(mine.Contains).ToList();
    }
}
