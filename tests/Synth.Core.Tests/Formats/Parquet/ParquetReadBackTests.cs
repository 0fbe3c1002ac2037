using System.Globalization;
using Synth.Core.Formats;
using Synth.Core.Formats.Parquet;

namespace Synth.Core.Tests.Formats.Parquet;

/// <summary>
/// Writes files with <see cref="ParquetFormat"/> and reads them back with three independent
/// readers (DuckDB and the pure-JS hyparquet, through tests/node/read-parquet.mjs, and the managed
/// Parquet.Net), comparing every value of every row.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ParquetReadBackTests : IDisposable
{
    /// <summary>25,000 rows with these limits give three row groups (the last one partial), several pages per chunk and a dictionary fallback.</summary>
    internal static readonly ParquetEncodingLimits SmallLimits = new()
    {
        RowsPerRowGroup = 10_000,
        PageTargetBytes = 16 * 1024,
        MaxDictionaryEntries = 1_000,
        MaxDictionaryBytes = 64 * 1024,
    };

    private const int SmallRows = 25_000;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("synth-parquet-");

    public static TheoryData<bool, bool, bool, string> VariantsAndReaders()
    {
        var data = new TheoryData<bool, bool, bool, string>();
        foreach (var (gzip, nulls, dictionary) in Variants())
        {
            data.Add(gzip, nulls, dictionary, "duckdb");
            data.Add(gzip, nulls, dictionary, "hyparquet");
            data.Add(gzip, nulls, dictionary, "parquet.net");
        }
        return data;
    }

    public static TheoryData<bool, bool, bool> VariantsOnly()
    {
        var data = new TheoryData<bool, bool, bool>();
        foreach (var (gzip, nulls, dictionary) in Variants())
        {
            data.Add(gzip, nulls, dictionary);
        }
        return data;
    }

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [MemberData(nameof(VariantsAndReaders))]
    public void Every_value_reads_back_unchanged(bool gzip, bool withNulls, bool dictionaryText, string reader)
    {
        var table = ParquetTestTable.Create(SmallRows, withNulls, highCardinalityText: !dictionaryText);
        var file = WriteFile(table, gzip, SmallLimits);

        AssertRowsMatch(table, file, reader);
    }

    [Theory]
    [InlineData("duckdb")]
    [InlineData("hyparquet")]
    [InlineData("parquet.net")]
    public void Several_full_size_row_groups_read_back_unchanged(string reader)
    {
        // Default limits: 300,000 rows make two full 131,072-row groups and a partial one.
        var table = ParquetTestTable.Create(300_000, withNulls: true, highCardinalityText: true);
        var file = WriteFile(table, gzip: true, ParquetEncodingLimits.Default);

        AssertRowsMatch(table, file, reader);
        if (reader == "parquet.net") return; // the chunk metadata below is DuckDB's

        var chunks = ParquetNodeReader.Metadata(file);
        chunks.Select(c => c["row_group_num_rows"]).Distinct().Should().Equal("131072", "37856");
        // 131,072 distinct values pass the 65,536-entry limit: PLAIN. A low-cardinality string stays dictionary-encoded.
        chunks.Where(c => c["path_in_schema"] == "text" && c["row_group_id"] != "2")
            .Should().OnlyContain(c => !c["encodings"]!.Contains("RLE_DICTIONARY"));
        chunks.Where(c => c["path_in_schema"] == "word").Should().OnlyContain(c => c["encodings"]!.Contains("RLE_DICTIONARY"));
    }

    [Fact]
    public void DuckDb_reports_the_expected_column_types()
    {
        var table = ParquetTestTable.Create(100, withNulls: true, highCardinalityText: false);
        var file = WriteFile(table, gzip: false, SmallLimits);

        ParquetNodeReader.Describe(file).Should().Equal(
            ("id", "BIGINT"),
            ("amount", "BIGINT"),
            ("score", "DOUBLE"),
            ("flag", "BOOLEAN"),
            ("created_at", "TIMESTAMP WITH TIME ZONE"),
            ("birthday", "DATE"),
            ("uuid", "UUID"),
            ("word", "VARCHAR"),
            ("text", "VARCHAR"),
            ("colour", "VARCHAR"),
            ("never_text", "VARCHAR"),
            ("never_colour", "VARCHAR"));
    }

    [Theory]
    [MemberData(nameof(VariantsOnly))]
    public void DuckDb_sees_the_chosen_encodings_codec_and_statistics(bool gzip, bool withNulls, bool dictionaryText)
    {
        var table = ParquetTestTable.Create(SmallRows, withNulls, highCardinalityText: !dictionaryText);
        var file = WriteFile(table, gzip, SmallLimits);

        var chunks = ParquetNodeReader.Metadata(file);

        chunks.Should().HaveCount(3 * table.Columns.Count);
        chunks.Should().OnlyContain(c =>
            c["created_by"] == "synth" && c["file_num_rows"] == "25000" && c["num_row_groups"] == "3"
            && c["compression"] == (gzip ? "GZIP" : "UNCOMPRESSED"));
        foreach (var chunk in chunks)
        {
            var group = int.Parse(chunk["row_group_id"]!, CultureInfo.InvariantCulture);
            var first = group * SmallLimits.RowsPerRowGroup;
            var rows = Math.Min(SmallLimits.RowsPerRowGroup, SmallRows - first);
            var name = chunk["path_in_schema"]!;
            var column = table.Columns[table.ColumnIndex(name)];
            var values = Enumerable.Range(first, rows).Where(r => !column.IsNull(r)).ToArray();
            var because = $"row group {group}, column {name}";

            chunk["num_values"].Should().Be(rows.ToString(CultureInfo.InvariantCulture), because);
            chunk["stats_null_count"].Should().Be((rows - values.Length).ToString(CultureInfo.InvariantCulture), because);

            var dictionaryExpected = values.Length > 0 && name switch
            {
                "word" or "colour" => true,
                "text" => dictionaryText,
                _ => false,
            };
            chunk["encodings"]!.Contains("RLE_DICTIONARY").Should().Be(dictionaryExpected, because);
            var deltaExpected = name is "id" or "amount";
            chunk["encodings"]!.Contains("DELTA_BINARY_PACKED").Should().Be(deltaExpected, because);
            (chunk["dictionary_page_offset"] is not null).Should().Be(dictionaryExpected, because);

            switch (name)
            {
                case "amount":
                    var longs = values.Select(r => long.Parse(column.Expected(r)!, CultureInfo.InvariantCulture)).ToArray();
                    chunk["stats_min_value"].Should().Be(longs.Min().ToString(CultureInfo.InvariantCulture), because);
                    chunk["stats_max_value"].Should().Be(longs.Max().ToString(CultureInfo.InvariantCulture), because);
                    break;
                case "birthday":
                    var dates = values.Select(r => column.Expected(r)!).Order(StringComparer.Ordinal).ToArray();
                    chunk["stats_min_value"].Should().Be(dates[0], because);
                    chunk["stats_max_value"].Should().Be(dates[^1], because);
                    break;
                case "score":
                    var doubles = values.Select(r => double.Parse(column.Expected(r)!, CultureInfo.InvariantCulture))
                        .Where(d => !double.IsNaN(d)).ToArray();
                    AssertDuckDbDoubleBound(chunk["stats_min_value"], doubles.Min(), because);
                    AssertDuckDbDoubleBound(chunk["stats_max_value"], doubles.Max(), because);
                    break;
            }
        }
    }

    [Theory]
    [InlineData("duckdb")]
    [InlineData("hyparquet")]
    [InlineData("parquet.net")]
    public void An_empty_table_reads_back_as_no_rows_with_its_schema(string reader)
    {
        var table = ParquetTestTable.Create(0, withNulls: true, highCardinalityText: false);
        var file = WriteFile(table, gzip: false, ParquetEncodingLimits.Default);

        ReadRows(file, reader).Should().BeEmpty();
        ParquetNodeReader.Describe(file).Select(c => c.Name).Should().Equal(table.Columns.Select(c => c.Info.Name));
    }

    private static IEnumerable<(bool Gzip, bool Nulls, bool Dictionary)> Variants() =>
        from gzip in new[] { false, true }
        from nulls in new[] { false, true }
        from dictionary in new[] { true, false }
        select (gzip, nulls, dictionary);

    private string WriteFile(ParquetTestTable table, bool gzip, ParquetEncodingLimits limits)
    {
        var format = new ParquetFormat(new FormatOptions { Gzip = gzip }, limits);
        var path = Path.Combine(_directory.FullName, $"{Guid.NewGuid():N}.parquet");
        File.WriteAllBytes(path, ParquetTestWriter.Write(format, table));
        return path;
    }

    private static void AssertRowsMatch(ParquetTestTable table, string file, string reader)
    {
        var mismatches = new List<string>();
        long row = 0;
        foreach (var values in ReadRows(file, reader))
        {
            if (values.Length != table.Columns.Count)
            {
                mismatches.Add($"row {row}: {values.Length} values, expected {table.Columns.Count}");
            }
            for (var c = 0; c < Math.Min(values.Length, table.Columns.Count) && mismatches.Count < 20; c++)
            {
                var expected = table.Columns[c].Expected(row);
                var actual = values[c];
                if (!string.Equals(expected, actual, StringComparison.Ordinal))
                {
                    mismatches.Add($"row {row}, column {table.Columns[c].Info.Name}: expected {Show(expected)}, {reader} read {Show(actual)}");
                }
            }
            row++;
        }

        mismatches.Should().BeEmpty();
        row.Should().Be(table.RowCount, $"{reader} should read every row");
    }

    /// <summary>Every row as canonical text, from the Node readers or from Parquet.Net.</summary>
    private static IEnumerable<string?[]> ReadRows(string file, string reader) =>
        reader == "parquet.net"
            ? ParquetNetReader.ReadRows(file)
            : ParquetNodeReader.ReadRows(file, reader).Select(values => values.Select(ParquetTestColumn.Actual).ToArray());

    private static string Show(string? value) => value is null ? "null" : $"\"{(value.Length > 60 ? value[..60] + "…" : value)}\"";

    private static void AssertDuckDbDoubleBound(string? actual, double expected, string because)
    {
        if (double.IsInfinity(expected))
        {
            // DuckDB treats an infinite bound as no bound and shows none (NaN is never one: see DoubleColumnWriter).
            actual.Should().BeNull(because);
            return;
        }
        double.Parse(actual!, CultureInfo.InvariantCulture).Should().Be(expected, because);
    }
}
