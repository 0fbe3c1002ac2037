using Orleans.Storage;

namespace Synth.Silo.Tests.Storage;

/// <summary>
/// What every grain storage provider of Synth must do, run against each of them (the SQLite one
/// of the embedded mode and Orleans' ADO.NET one on the project's PostgreSQL migrations): read,
/// write and clear by ETag, refusing stale writers without changing anything.
/// </summary>
public abstract class GrainStorageContractTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : class, IProviderSiloFixture
{
    private ProviderSilo Silo => fixture.Silo;

    private IGrainStorage Storage => Silo.GrainStorage(IProviderSiloFixture.StorageName);

    private static GrainId NewGrain(string type = "contract") => GrainId.Create(type, Guid.NewGuid().ToString("N"));

    private static ContractState Sample(string text) => new() { Text = text, Numbers = [1, 2, 3], Blob = [7, 8, 9] };

    private async Task<GrainState<ContractState>> ReadAsync(GrainId grain, string stateName = "state")
    {
        var state = new GrainState<ContractState>();
        await Storage.ReadStateAsync(stateName, grain, state);
        return state;
    }

    private async Task<GrainState<ContractState>> WriteAsync(GrainId grain, string text, string? etag, string stateName = "state")
    {
        var state = new GrainState<ContractState>(Sample(text)) { ETag = etag };
        await Storage.WriteStateAsync(stateName, grain, state);
        return state;
    }

    [Fact]
    public async Task Reading_state_never_written_gives_a_new_state_without_etag_or_record()
    {
        var state = await ReadAsync(NewGrain());

        state.State.Should().NotBeNull();
        state.State!.Text.Should().BeEmpty();
        state.ETag.Should().BeNull();
        state.RecordExists.Should().BeFalse();
    }

    [Fact]
    public async Task A_written_state_reads_back_equal_with_the_etag_the_write_returned()
    {
        var grain = NewGrain();

        var written = await WriteAsync(grain, "first", etag: null);
        var read = await ReadAsync(grain);

        written.ETag.Should().NotBeNullOrEmpty();
        written.RecordExists.Should().BeTrue();
        read.ETag.Should().Be(written.ETag);
        read.RecordExists.Should().BeTrue();
        read.State.Should().BeEquivalentTo(Sample("first"));
    }

    [Fact]
    public async Task Each_write_with_the_current_etag_succeeds_and_changes_the_etag()
    {
        var grain = NewGrain();
        var first = await WriteAsync(grain, "first", etag: null);

        var second = await WriteAsync(grain, "second", first.ETag);
        var third = await WriteAsync(grain, "third", second.ETag);

        new[] { first.ETag, second.ETag, third.ETag }.Should().OnlyHaveUniqueItems();
        (await ReadAsync(grain)).State!.Text.Should().Be("third");
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_throws_InconsistentStateException_and_changes_nothing()
    {
        var grain = NewGrain();
        var first = await WriteAsync(grain, "first", etag: null);
        var second = await WriteAsync(grain, "second", first.ETag);

        var stale = () => WriteAsync(grain, "stale", first.ETag);

        await stale.Should().ThrowAsync<InconsistentStateException>();
        var read = await ReadAsync(grain);
        read.State!.Text.Should().Be("second");
        read.ETag.Should().Be(second.ETag);
    }

    [Fact]
    public async Task A_first_write_without_etag_over_state_another_activation_wrote_is_refused()
    {
        var grain = NewGrain();
        await WriteAsync(grain, "winner", etag: null);

        var late = () => WriteAsync(grain, "late", etag: null);

        await late.Should().ThrowAsync<InconsistentStateException>();
        (await ReadAsync(grain)).State!.Text.Should().Be("winner");
    }

    [Fact]
    public async Task A_clear_with_a_stale_etag_throws_InconsistentStateException_and_changes_nothing()
    {
        var grain = NewGrain();
        var first = await WriteAsync(grain, "first", etag: null);
        await WriteAsync(grain, "second", first.ETag);
        var stale = new GrainState<ContractState>(Sample("first")) { ETag = first.ETag, RecordExists = true };

        var clear = () => Storage.ClearStateAsync("state", grain, stale);

        await clear.Should().ThrowAsync<InconsistentStateException>();
        (await ReadAsync(grain)).State!.Text.Should().Be("second");
    }

    [Fact]
    public async Task A_cleared_state_reads_as_new_without_record_and_the_clear_etag_writes_again()
    {
        var grain = NewGrain();
        var written = await WriteAsync(grain, "first", etag: null);
        var state = new GrainState<ContractState>(written.State) { ETag = written.ETag, RecordExists = true };

        await Storage.ClearStateAsync("state", grain, state);
        var afterClear = await ReadAsync(grain);
        var rewritten = await WriteAsync(grain, "again", state.ETag);

        state.RecordExists.Should().BeFalse();
        state.ETag.Should().NotBe(written.ETag);
        afterClear.RecordExists.Should().BeFalse();
        afterClear.State!.Text.Should().BeEmpty();
        afterClear.ETag.Should().Be(state.ETag);
        (await ReadAsync(grain)).State!.Text.Should().Be("again");
        rewritten.ETag.Should().NotBe(state.ETag);
    }

    [Fact]
    public async Task A_stale_writer_cannot_resurrect_a_cleared_state()
    {
        var grain = NewGrain();
        var written = await WriteAsync(grain, "first", etag: null);
        await Storage.ClearStateAsync("state", grain, new GrainState<ContractState>(written.State) { ETag = written.ETag, RecordExists = true });

        var stale = () => WriteAsync(grain, "stale", written.ETag);
        var blind = () => WriteAsync(grain, "blind", etag: null);

        await stale.Should().ThrowAsync<InconsistentStateException>();
        await blind.Should().ThrowAsync<InconsistentStateException>();
        (await ReadAsync(grain)).RecordExists.Should().BeFalse();
    }

    [Fact]
    public async Task Clearing_state_that_was_never_written_does_nothing()
    {
        var grain = NewGrain();
        var state = new GrainState<ContractState>(Sample("unsaved"));

        await Storage.ClearStateAsync("state", grain, state);

        state.RecordExists.Should().BeFalse();
        (await ReadAsync(grain)).RecordExists.Should().BeFalse();
    }

    [Fact]
    public async Task Of_eight_concurrent_writers_holding_the_same_etag_exactly_one_wins()
    {
        var grain = NewGrain();
        var first = await WriteAsync(grain, "first", etag: null);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await WriteAsync(grain, $"writer {i}", first.ETag);
                return $"writer {i}";
            }
            catch (InconsistentStateException)
            {
                return null;
            }
        })));

        var winners = outcomes.Where(o => o is not null).ToArray();
        winners.Should().ContainSingle();
        (await ReadAsync(grain)).State!.Text.Should().Be(winners[0]);
    }

    [Fact]
    public async Task Of_eight_concurrent_first_writers_exactly_one_wins()
    {
        var grain = NewGrain();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await WriteAsync(grain, $"writer {i}", etag: null);
                return $"writer {i}";
            }
            catch (InconsistentStateException)
            {
                return null;
            }
        })));

        var winners = outcomes.Where(o => o is not null).ToArray();
        winners.Should().ContainSingle();
        (await ReadAsync(grain)).State!.Text.Should().Be(winners[0]);
    }

    [Fact]
    public async Task A_state_of_four_megabytes_round_trips_byte_for_byte()
    {
        var grain = NewGrain();
        var blob = new byte[4 << 20];
        new Random(42).NextBytes(blob);
        var state = new GrainState<ContractState>(new ContractState { Text = "large", Blob = blob });

        await Storage.WriteStateAsync("state", grain, state);
        var read = await ReadAsync(grain);

        read.State!.Blob.Should().Equal(blob);
    }

    /// <remarks>
    /// Not in the contract: two grain types with the same key and the same state name. Orleans'
    /// ADO.NET provider keys a row by (state name, key) without the grain type (a string key
    /// that parses as a Guid even counts as that Guid key), so such states would share a row; Synth's grains therefore give every persistent state a name of its own
    /// (e.g. "job", "dataset", "budget"), never a generic "state".
    /// </remarks>
    [Fact]
    public async Task States_of_different_keys_and_state_names_are_kept_apart()
    {
        var suffix = Guid.NewGuid().ToString("N");
        var other = Guid.NewGuid();
        GrainId[] grains =
        [
            GrainId.Create("alpha", suffix),
            GrainId.Create("alpha", suffix + "-2"),
            GrainId.Create(GrainType.Create("gamma"), GrainIdKeyExtensions.CreateGuidKey(other)),
            GrainId.Create(GrainType.Create("gamma"), GrainIdKeyExtensions.CreateGuidKey(other, "ext")),
            GrainId.Create(GrainType.Create("gamma"), GrainIdKeyExtensions.CreateIntegerKey(42)),
            GrainId.Create(GrainType.Create("gamma"), GrainIdKeyExtensions.CreateIntegerKey(42, "ext")),
            GrainId.Create(GrainType.Create("gamma"), GrainIdKeyExtensions.CreateIntegerKey(43)),
        ];
        string[] stateNames = ["one", "two"];

        foreach (var grain in grains)
            foreach (var stateName in stateNames)
                await WriteAsync(grain, $"{grain}|{stateName}", etag: null, stateName);

        foreach (var grain in grains)
            foreach (var stateName in stateNames)
                (await ReadAsync(grain, stateName)).State!.Text.Should().Be($"{grain}|{stateName}");
    }

    [Fact]
    public async Task State_survives_restarting_the_silo()
    {
        var grain = NewGrain();
        var written = await WriteAsync(grain, "durable", etag: null);

        await Silo.RestartAsync();
        var read = await ReadAsync(grain);

        read.State.Should().BeEquivalentTo(Sample("durable"));
        read.ETag.Should().Be(written.ETag);
    }
}
