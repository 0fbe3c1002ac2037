using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Synth.Core.Tests.Formats.Parquet;

/// <summary>
/// Reads a file with Parquet.Net, a third reader independent of Synth's writer (a managed one,
/// beside DuckDB's C++ and hyparquet's JavaScript), and gives every value in the canonical text
/// of <see cref="ParquetTestColumn.Expected"/>.
/// </summary>
internal static class ParquetNetReader
{
    public static IEnumerable<string?[]> ReadRows(string file)
    {
        using var stream = File.OpenRead(file);
        var reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        try
        {
            var fields = reader.Schema.GetDataFields();
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var rows = checked((int)group.RowCount);
                var columns = fields.Select(f => ReadColumn(group, f, rows)).ToArray();
                for (var row = 0; row < rows; row++)
                {
                    yield return [.. columns.Select(values => Canonical(values[row]))];
                }
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static object?[] ReadColumn(ParquetRowGroupReader group, DataField field, int rows) => field.ClrType switch
    {
        var t when t == typeof(long) => Values<long>(group, field, rows),
        var t when t == typeof(double) => Values<double>(group, field, rows),
        var t when t == typeof(bool) => Values<bool>(group, field, rows),
        // A DATE column comes back as DateTime at midnight: the schema says it is a date.
        var t when t == typeof(DateTime) && field is DateTimeDataField { DateTimeFormat: DateTimeFormat.Date } =>
            [.. Values<DateTime>(group, field, rows).Select(v => v is DateTime d ? (object?)DateOnly.FromDateTime(d) : null)],
        var t when t == typeof(DateTime) => Values<DateTime>(group, field, rows),
        var t when t == typeof(DateOnly) => Values<DateOnly>(group, field, rows),
        var t when t == typeof(Guid) => Values<Guid>(group, field, rows),
        var t when t == typeof(int) => Values<int>(group, field, rows),
        var t when t == typeof(string) || t == typeof(ReadOnlyMemory<char>) => Strings(group, field, rows),
        var t => throw new NotSupportedException($"column {field.Name}: Parquet.Net reads it as {t}"),
    };

    private static object?[] Values<T>(ParquetRowGroupReader group, DataField field, int rows) where T : struct
    {
        if (field.IsNullable)
        {
            var nullable = new T?[rows];
            group.ReadAsync<T>(field, nullable.AsMemory()).AsTask().GetAwaiter().GetResult();
            return [.. nullable.Select(v => (object?)v)];
        }
        var values = new T[rows];
        group.ReadAsync<T>(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
        return [.. values.Select(v => (object?)v)];
    }

    private static object?[] Strings(ParquetRowGroupReader group, DataField field, int rows)
    {
        var values = new string?[rows];
        group.ReadAsync(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
        return values;
    }

    private static string? Canonical(object? value) => value switch
    {
        null => null,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => ParquetTestColumn.Canonical(d),
        bool b => b ? "true" : "false",
        // Timestamps are compared as microseconds since the epoch, as Synth writes them.
        DateTime t => ((t.ToUniversalTime() - DateTime.UnixEpoch).Ticks / 10).ToString(CultureInfo.InvariantCulture),
        DateTimeOffset t => ((t.UtcDateTime - DateTime.UnixEpoch).Ticks / 10).ToString(CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Guid g => g.ToString("D"),
        string s => s,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
