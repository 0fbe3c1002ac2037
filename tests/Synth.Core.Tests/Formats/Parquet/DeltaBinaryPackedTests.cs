using Synth.Core.Formats;
using Synth.Core.Formats.Parquet;

namespace Synth.Core.Tests.Formats.Parquet;

/// <summary>
/// Int64 columns are DELTA_BINARY_PACKED: blocks of 128 deltas in miniblocks of 32. Lengths on
/// and around those boundaries, wrapping deltas and nulls read back unchanged in Parquet.Net (the
/// three-reader checks of <see cref="ParquetReadBackTests"/> cover the full table).
/// </summary>
public sealed class DeltaBinaryPackedTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("synth-delta-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(130)]
    [InlineData(161)]
    [InlineData(1000)]
    public void Integers_of_any_count_read_back_from_their_deltas(int rows)
    {
        var random = new Random(rows);
        long[] extremes = [long.MaxValue, long.MinValue, 0, long.MinValue, long.MaxValue, -1];
        var wrapping = Enumerable.Range(0, rows).Select(i => i < extremes.Length ? extremes[i] : random.NextInt64(long.MinValue, long.MaxValue)).ToArray();
        var sorted = Enumerable.Range(0, rows).Select(i => 1_000_000L + i).ToArray();
        var small = Enumerable.Range(0, rows).Select(_ => random.NextInt64(0, 1_000_001)).ToArray();
        var nulls = Enumerable.Range(0, rows).Select(i => i % 7 == 3).ToArray();
        var table = new ParquetTestTable(
        [
            ParquetTestColumn.Int64("wrapping", null, wrapping),
            ParquetTestColumn.Int64("sorted", null, sorted),
            ParquetTestColumn.Int64("small", nulls, small),
        ], rows);
        var file = Path.Combine(_directory.FullName, "t.parquet");
        File.WriteAllBytes(file, ParquetTestWriter.Write(new ParquetFormat(new FormatOptions()), table));

        var read = ParquetNetReader.ReadRows(file).ToList();

        read.Should().HaveCount(rows);
        for (var row = 0; row < rows; row++)
        {
            read[row].Should().Equal(table.Columns.Select(c => c.Expected(row)), $"row {row}");
        }
    }

    [Fact]
    public void Bounded_integers_take_a_fraction_of_plain_s_eight_bytes()
    {
        var random = new Random(5);
        var rows = 100_000;
        var table = new ParquetTestTable([ParquetTestColumn.Int64("a", null, Enumerable.Range(0, rows).Select(_ => random.NextInt64(0, 1_000_001)).ToArray())], rows);

        var bytes = ParquetTestWriter.Write(new ParquetFormat(new FormatOptions()), table);

        bytes.Length.Should().BeLessThan(rows * 3, "21-bit deltas, not 64-bit values");
    }
}
