using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Synth.Core.Data;
using Synth.Core.Formats;
using Synth.Core.Formats.Parquet;

namespace Synth.Core.Tests.Formats.Parquet;

public sealed class ParquetFormatTests
{
    [Fact]
    public void Format_is_named_parquet_with_one_row_group_per_block_and_no_stream_gzip()
    {
        var format = new ParquetFormat(new FormatOptions { Gzip = true });

        format.Name.Should().Be("parquet");
        format.Extension.Should().Be(".parquet");
        format.RowsPerBlock.Should().Be(131_072);
        format.SupportsStreamGzip.Should().BeFalse();
    }

    [Fact]
    public void File_is_PAR1_then_row_groups_then_metadata_its_length_and_PAR1()
    {
        var table = ParquetTestTable.Create(25_000, withNulls: true, highCardinalityText: false);
        var bytes = ParquetTestWriter.Write(new ParquetFormat(new FormatOptions(), ParquetReadBackTests.SmallLimits), table);

        Encoding.ASCII.GetString(bytes, 0, 4).Should().Be("PAR1");
        Encoding.ASCII.GetString(bytes, bytes.Length - 4, 4).Should().Be("PAR1");
        var metadataLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(bytes.Length - 8));
        metadataLength.Should().BePositive().And.BeLessThan(bytes.Length - 12);
        // FileMetaData opens with field 1 (version, i32) = 1: header 0x15, zigzag(1) = 0x02.
        bytes.AsSpan(bytes.Length - 8 - metadataLength, 2).ToArray().Should().Equal(0x15, 0x02);
        Encoding.UTF8.GetString(bytes.AsSpan(bytes.Length - 8 - metadataLength, metadataLength)).Should().Contain("synth");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Output_is_byte_identical_whatever_the_encoder_count_and_batch_size(bool gzip)
    {
        var table = ParquetTestTable.Create(25_000, withNulls: true, highCardinalityText: true);
        var format = new ParquetFormat(new FormatOptions { Gzip = gzip }, ParquetReadBackTests.SmallLimits);

        var oneEncoder = ParquetTestWriter.Write(format, table, batchSize: 4096, encoders: 1);
        var twoInterleaved = ParquetTestWriter.Write(format, table, batchSize: 1000, encoders: 2);
        var threeWholeBlocks = ParquetTestWriter.Write(format, table, batchSize: 10_000, encoders: 3);

        twoInterleaved.Should().Equal(oneEncoder);
        threeWholeBlocks.Should().Equal(oneEncoder);
    }

    [Fact]
    public void Full_size_row_groups_are_byte_identical_with_one_or_two_encoders()
    {
        var table = ParquetTestTable.Create(140_000, withNulls: true, highCardinalityText: true);
        var format = new ParquetFormat(new FormatOptions());

        ParquetTestWriter.Write(format, table, batchSize: 8192, encoders: 2)
            .Should().Equal(ParquetTestWriter.Write(format, table, batchSize: 4096, encoders: 1));
    }

    [Fact]
    public void Block_summary_holds_offsets_relative_to_the_block()
    {
        var table = ParquetTestTable.Create(1_000, withNulls: false, highCardinalityText: false);
        var format = new ParquetFormat(new FormatOptions());
        var encoder = format.CreateBlockEncoder(table.Layout);
        var batch = new RowBatch(table.Layout, 1_000);
        table.Fill(batch, 0, 1_000);
        var output = new ArrayBufferWriter<byte>();

        encoder.Begin(0, output);
        encoder.Encode(batch, output);
        var summary = encoder.End(output).Should().BeOfType<ParquetRowGroupSummary>().Subject;

        summary.NumRows.Should().Be(1_000);
        summary.Columns.Should().HaveCount(table.Columns.Count);
        summary.Columns[0].DataPageOffset.Should().Be(0, "the first chunk starts the block");
        summary.Columns.Sum(c => c.TotalCompressedSize).Should().Be(output.WrittenCount);
        summary.Columns.Zip(summary.Columns.Skip(1))
            .Should().OnlyContain(pair => pair.First.StartOffset + pair.First.TotalCompressedSize == pair.Second.StartOffset);
    }

    [Fact]
    public void A_block_without_rows_writes_nothing_and_has_no_summary()
    {
        var table = ParquetTestTable.Create(0, withNulls: false, highCardinalityText: false);
        var encoder = new ParquetFormat(new FormatOptions()).CreateBlockEncoder(table.Layout);
        var output = new ArrayBufferWriter<byte>();

        encoder.Begin(0, output);
        encoder.End(output).Should().BeNull();
        output.WrittenCount.Should().Be(0);
    }

    [Fact]
    public void A_null_in_a_non_nullable_column_is_refused()
    {
        var layout = new TableLayout([new ColumnInfo("n", ColumnType.Int64, nullable: false)]);
        var encoder = new ParquetFormat(new FormatOptions()).CreateBlockEncoder(layout);
        var batch = new RowBatch(layout, 4) { Count = 4 };
        batch.Columns[0].Nulls[2] = true;
        batch.Columns[0].HasNulls = true;
        var output = new ArrayBufferWriter<byte>();
        encoder.Begin(0, output);

        var encode = () => encoder.Encode(batch, output);

        encode.Should().Throw<InvalidOperationException>().WithMessage("*'n'*non-nullable*");
    }

    [Fact]
    public void A_category_code_outside_the_labels_is_refused()
    {
        var layout = new TableLayout([new ColumnInfo("c", ColumnType.Category, nullable: false, categories: ["a", "b"])]);
        var encoder = new ParquetFormat(new FormatOptions()).CreateBlockEncoder(layout);
        var batch = new RowBatch(layout, 2) { Count = 2 };
        ((CategoryVector)batch.Columns[0]).Codes[1] = 2;
        var output = new ArrayBufferWriter<byte>();
        encoder.Begin(0, output);

        var encode = () => encoder.Encode(batch, output);

        encode.Should().Throw<InvalidOperationException>().WithMessage("*'c'*code 2*");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Encoding_batches_allocates_nothing_once_the_encoder_has_warmed_up(bool highCardinalityText)
    {
        const int rows = 20_000;
        const int batchSize = 2_000;
        var table = ParquetTestTable.Create(rows, withNulls: true, highCardinalityText);
        var encoder = new ParquetFormat(new FormatOptions()).CreateBlockEncoder(table.Layout);
        var batches = Enumerable.Range(0, rows / batchSize).Select(i =>
        {
            var batch = new RowBatch(table.Layout, batchSize);
            table.Fill(batch, (long)i * batchSize, batchSize);
            return batch;
        }).ToArray();
        var output = new ArrayBufferWriter<byte>(16 << 20);

        EncodeBlock(); // grows the encoder's buffers
        // The steady state: the least of a few blocks, since the runtime's one-time work (tiered
        // recompilation under a loaded, parallel test run) can land on this thread during one of them.
        var allocated = long.MaxValue;
        for (var attempt = 0; attempt < 5 && allocated > 0; attempt++)
        {
            output.ResetWrittenCount();
            var before = GC.GetAllocatedBytesForCurrentThread();
            encoder.Begin(0, output);
            foreach (var batch in batches)
            {
                encoder.Encode(batch, output);
            }
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            encoder.End(output);
        }

        allocated.Should().Be(0);

        void EncodeBlock()
        {
            encoder.Begin(0, output);
            foreach (var batch in batches)
            {
                encoder.Encode(batch, output);
            }
            encoder.End(output);
        }
    }
}
