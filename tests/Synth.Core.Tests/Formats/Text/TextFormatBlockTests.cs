using System.Buffers;
using Synth.Core.Formats;
using Synth.Core.Formats.Text;

namespace Synth.Core.Tests.Formats.Text;

/// <summary>What every text format owes the parallel pipeline: bytes independent of block boundaries, and no garbage per batch.</summary>
public class TextFormatBlockTests
{
    public static TheoryData<string> Formats => ["csv", "tsv", "json", "jsonl", "xml", "sql-postgres", "sql-mysql", "sql-sqlite"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Output_is_byte_identical_whatever_the_block_and_batch_sizes(string format)
    {
        var rows = SampleTable.Rows();
        var oneBlock = FormatRunner.Run(Create(format), rows);

        FormatRunner.Run(Create(format), rows, 3, 30, 37).Should().Equal(oneBlock);
        FormatRunner.Run(Create(format), rows, 1, 1, 1, 67).Should().Equal(oneBlock);
        FormatRunner.Run(Create(format), rows, [.. Enumerable.Repeat(1, rows.Length)]).Should().Equal(oneBlock);
        FormatRunner.Run(Create(format), SampleTable.Layout, rows.Length, (first, count) => SampleTable.Batch(rows, first, count), [33, 37], maxBatchRows: 4)
            .Should().Equal(oneBlock);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Encoding_a_4096_row_batch_again_allocates_almost_nothing(string format)
    {
        var rows = SampleTable.Rows(4096);
        var batch = SampleTable.Batch(rows, 0, rows.Length);
        var encoder = Create(format).CreateBlockEncoder(SampleTable.Layout);
        var output = new ArrayBufferWriter<byte>(4 << 20);
        EncodeBlock(encoder, batch, output); // warm-up: JIT, static tables, output buffer

        // Steady state is what matters: the best of three runs, so a tier-up of the JIT that
        // lands during one run is not mistaken for the encoder allocating.
        var allocated = long.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            output.ResetWrittenCount();
            var before = GC.GetAllocatedBytesForCurrentThread();
            EncodeBlock(encoder, batch, output);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        output.WrittenCount.Should().BeGreaterThan(4096 * 50);
        allocated.Should().BeLessThan(300, "formatting cells must not allocate");
    }

    internal static OutputFormat Create(string format) => format switch
    {
        "sql-postgres" => SqlFormatTests.Sql(SqlDialect.Postgres, rowsPerInsert: 4),
        "sql-mysql" => SqlFormatTests.Sql(SqlDialect.MySql, rowsPerInsert: 4),
        "sql-sqlite" => SqlFormatTests.Sql(SqlDialect.Sqlite, rowsPerInsert: 4),
        _ => OutputFormats.Create(format, new FormatOptions()),
    };

    private static void EncodeBlock(IBlockEncoder encoder, Synth.Core.Data.RowBatch batch, IBufferWriter<byte> output)
    {
        encoder.Begin(batch.FirstRow, output);
        encoder.Encode(batch, output);
        encoder.End(output);
    }
}
