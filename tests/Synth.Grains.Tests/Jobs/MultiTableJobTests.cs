using System.IO.Compression;
using Synth.Core.Generation;
using Synth.Core.Schema;
using Synth.Grains.Jobs;
using Synth.Grains.Tests.TestSupport;
using Synth.TestSupport;

namespace Synth.Grains.Tests.Jobs;

/// <summary>Jobs on a multi-table schema (customers → orders → order lines, with products), on two silos.</summary>
public sealed class MultiTableJobTests : IAsyncLifetime
{
    private SynthTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SynthTestCluster.StartAsync(silos: 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    // 12,000 customers make about 36,000 orders and 90,000 order lines: several blocks of 16,384 rows
    // in every child table, so shards of 16,384 rows cut each of them into several shards.
    private static JobSpec Spec(string format, string? compression = null, string? sqlDialect = null, long shardRows = 16_384) => new()
    {
        SchemaText = ExampleSchemas.Relational,
        Rows = 12_000,
        Format = format,
        Compression = compression,
        SqlDialect = sqlDialect,
        ShardRows = shardRows,
        Seed = 7,
    };

    [Theory]
    [InlineData("csv", null, null)]
    [InlineData("jsonl", "gzip", null)]
    [InlineData("sql", null, "sqlite")]
    [InlineData("sql", "gzip", null)]
    public async Task A_job_cut_into_several_shards_per_table_publishes_exactly_the_bytes_of_synth_run(string format, string? compression, string? sqlDialect)
    {
        var spec = Spec(format, compression, sqlDialect);

        var job = await JobDriver.RunAsync(_cluster, spec);

        job.Status.Should().Be(JobStatus.Succeeded, job.Error);
        job.Progress.ShardsDone.Should().BeGreaterThan(6, "four tables, the child tables in several shards each");
        job.Files.Should().ContainSingle();
        var bytes = await JobDriver.DownloadAsync(_cluster, job.Files[0]);
        bytes.Length.Should().Be((int)job.Files[0].Length);
        bytes.Should().Equal(JobDriver.SynthRunDatabase(spec));
    }

    [Fact]
    public async Task The_archive_holds_one_file_per_table_named_as_synth_run_names_them()
    {
        var job = await JobDriver.RunAsync(_cluster, Spec("csv") with { Name = "shop" });

        job.Files.Single().FileName.Should().Be("shop.zip");
        job.Files.Single().ContentType.Should().Be("application/zip");
        using var archive = new ZipArchive(new MemoryStream(await JobDriver.DownloadAsync(_cluster, job.Files[0])), ZipArchiveMode.Read);
        archive.Entries.Select(e => e.FullName).Should().Equal("products.csv", "customers.csv", "orders.csv", "order_lines.csv");
    }

    [Fact]
    public async Task The_same_job_in_one_shard_per_table_or_in_many_gives_the_same_bytes()
    {
        var one = await JobDriver.RunAsync(_cluster, Spec("csv", shardRows: 1_000_000));
        var many = await JobDriver.RunAsync(_cluster, Spec("csv", shardRows: 16_384));

        one.Progress.ShardsDone.Should().Be(4, "one shard per table");
        many.Progress.ShardsDone.Should().BeGreaterThan(one.Progress.ShardsDone);
        (await JobDriver.DownloadAsync(_cluster, many.Files[0])).Should().Equal(await JobDriver.DownloadAsync(_cluster, one.Files[0]));
    }

    [Fact]
    public async Task Progress_and_the_listing_count_the_rows_of_every_table()
    {
        var spec = Spec("csv");
        var total = CompiledDatabase.Compile(DatabaseSchemaReader.Read(spec.SchemaText), spec.Seed, spec.Rows).TotalRows;

        var id = JobIds.New();
        await _cluster.Grains.GetGrain<IJobGrain>(id).SubmitAsync(spec);
        var job = await JobDriver.WaitUntilFinalAsync(_cluster, id);

        total.Should().BeGreaterThan(spec.Rows);
        job.Progress.RowsTotal.Should().Be(total);
        job.Progress.RowsDone.Should().Be(total);
        var page = await _cluster.Grains.GetGrain<IJobIndexGrain>(IJobIndexGrain.Key).ListAsync(new JobQuery(null, null, 50, null));
        page.Jobs.Single(j => j.Id == id).Rows.Should().Be(total);
    }

    [Fact]
    public async Task Parts_are_refused_for_a_multi_table_schema_naming_the_field()
    {
        var submit = () => _cluster.Grains.GetGrain<IJobGrain>(JobIds.New()).SubmitAsync(Spec("csv") with { Parts = 2 });

        (await submit.Should().ThrowAsync<ArgumentException>()).WithMessage("parts: *");
    }
}
