using System.Globalization;
using System.IO.Compression;
using System.Text;
using Synth.Core.Datasets;
using Synth.Core.Formats;
using Synth.Core.Output;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Synthesizers;

namespace Synth.Core.Tests.Datasets;

/// <summary>A fitted table model, stored and sampled into files: in one piece, or batch by batch as a job's shards do.</summary>
public class TableModelSamplingTests
{
    private static readonly Lazy<TableModel> Model = new(() =>
    {
        var csv = new StringBuilder("id,sex,age,income,joined\n");
        for (var i = 0; i < 300; i++)
        {
            var joined = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(i * 3);
            csv.Append(CultureInfo.InvariantCulture, $"{1000 + i},{(i % 3 == 0 ? "F" : "M")},{18 + i % 60},{(i * 137.5).ToString(CultureInfo.InvariantCulture)},{joined:yyyy-MM-dd}\n");
        }
        var table = RawTable.ReadCsv(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())));
        var domain = DatasetProfiler.DraftDomain(DatasetProfiler.Profile(table), table);
        return TableModel.Fit(table, domain, new NonPrivateSynthesizer(), PrivacyBudget.Infinite);
    });

    [Fact]
    public void A_stored_model_loads_back_and_samples_the_same_rows()
    {
        var loaded = TableModel.Load(Model.Value.Serialize());

        Write(loaded, "csv", 5_000, seed: 9).Should().Equal(Write(Model.Value, "csv", 5_000, seed: 9));
    }

    [Fact]
    public void Bytes_that_are_not_a_model_are_refused_saying_so()
    {
        var load = () => TableModel.Load(Encoding.UTF8.GetBytes("id,sex\n1,F\n"));

        load.Should().Throw<FormatException>();
    }

    [Fact]
    public void Different_seeds_sample_different_rows_and_the_same_seed_the_same()
    {
        Write(Model.Value, "csv", 2_000, seed: 1).Should().Equal(Write(Model.Value, "csv", 2_000, seed: 1));
        Write(Model.Value, "csv", 2_000, seed: 1).Should().NotEqual(Write(Model.Value, "csv", 2_000, seed: 2));
    }

    [Theory]
    [InlineData("parquet", false)]
    [InlineData("csv", true)]
    [InlineData("json", false)]
    public void Batches_written_apart_and_assembled_are_the_file_written_in_one_piece(string formatName, bool gzip)
    {
        // Two batches: JSON's separators and the footer's list of blocks cross the boundary.
        var rows = TableModel.BatchRows + 1_234L;
        var writer = Writer(Model.Value, formatName, gzip);

        // Batches sampled last to first, each into a part of its own, as shards on different silos would.
        var count = (int)TableModel.BatchCount(rows);
        var parts = new byte[count][];
        var batches = new ShardResult[count];
        for (var k = count - 1; k >= 0; k--)
        {
            using var part = new MemoryStream();
            batches[k] = writer.WriteBatch(rows, 7, k, part);
            parts[k] = part.ToArray();
        }
        using var assembled = new MemoryStream();
        writer.WriteHeader(assembled);
        foreach (var part in parts) assembled.Write(part);
        writer.WriteFooter(rows, batches, assembled);

        assembled.ToArray().Should().Equal(Write(Model.Value, formatName, rows, seed: 7, gzip));
    }

    [Fact]
    public void A_gzipped_sample_decompresses_to_the_plain_one()
    {
        var packed = Write(Model.Value, "csv", 3_000, seed: 4, gzip: true);

        using var plain = new MemoryStream();
        using (var gz = new GZipStream(new MemoryStream(packed), CompressionMode.Decompress)) gz.CopyTo(plain);
        plain.ToArray().Should().Equal(Write(Model.Value, "csv", 3_000, seed: 4));
    }

    [Fact]
    public void Sampled_csv_has_the_domains_columns_and_one_line_per_row()
    {
        var text = Encoding.UTF8.GetString(Write(Model.Value, "csv", 1_000, seed: 3));

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("id,sex,age,income,joined");
        lines.Should().HaveCount(1_001);
        lines.Skip(1).Select(l => l.Split(',')[1]).Distinct().Should().BeSubsetOf(["F", "M"]);
    }

    private static SampleFileWriter Writer(TableModel model, string formatName, bool gzip)
    {
        var format = OutputFormats.Create(formatName, new FormatOptions { Gzip = gzip });
        return new SampleFileWriter(model, format, gzip && format.SupportsStreamGzip);
    }

    private static byte[] Write(TableModel model, string formatName, long rows, ulong seed, bool gzip = false)
    {
        using var output = new MemoryStream();
        Writer(model, formatName, gzip).Write(rows, seed, output);
        return output.ToArray();
    }
}
