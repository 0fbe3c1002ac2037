using System.Globalization;
using System.Text;
using Synth.Core.Data;

namespace Synth.Core.Datasets;

/// <summary>
/// Typed columns for sampled rows, so the project's format writers (CSV, JSON, Parquet …) write
/// them like generated data: categories as categories, numbers as numbers (a JSON number, not a
/// string; integers as 64-bit integers), identifiers as integers, datetimes and free text as strings. <see cref="TableCodec"/>
/// decodes numbers to invariant "R" text and the writers print doubles the same way, so the CSV
/// text is exactly the decoded value.
/// </summary>
internal sealed class SampleColumns
{
    private readonly IColumnFiller[] _fillers;

    public SampleColumns(DomainSpec domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        _fillers = [.. domain.Columns.Select(CreateFiller)];
        Layout = new TableLayout([.. _fillers.Select(f => f.Info)]);
    }

    public TableLayout Layout { get; }

    /// <summary>Copies <paramref name="rows"/> (decoded under the same domain) into <paramref name="batch"/>, made from <see cref="Layout"/>.</summary>
    public void Fill(RawTable rows, RowBatch batch, long firstRow)
    {
        if (rows.Rows > batch.Capacity) throw new ArgumentException($"{rows.Rows} rows do not fit a batch of {batch.Capacity}");
        for (var c = 0; c < _fillers.Length; c++)
        {
            var values = rows.Columns[c];
            var vector = batch.Columns[c];
            var hasNulls = false;
            for (var row = 0; row < values.Length; row++)
            {
                var isNull = values[row] is null;
                vector.Nulls[row] = isNull;
                hasNulls |= isNull;
            }
            vector.HasNulls = hasNulls;
            _fillers[c].Fill(values, vector);
        }
        batch.FirstRow = firstRow;
        batch.Count = rows.Rows;
    }

    private static IColumnFiller CreateFiller(ColumnDomain column) => column.Kind switch
    {
        ColumnKind.Categorical => new CategoryFiller(column),
        ColumnKind.Integer when WithinExactIntegers(column) => Integers(new ColumnInfo(column.Name, ColumnType.Int64, column.Missing)),
        // A form's decimals make every text format write exactly that many digits after the point.
        ColumnKind.Integer or ColumnKind.Continuous => new ParsedFiller<double>(new ColumnInfo(column.Name, ColumnType.Float64, column.Missing, column.Form?.Decimals ?? -1),
            v => ((Float64Vector)v).Values, text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)),
        // Plain dates are dates in every format (Parquet's DATE, "yyyy-MM-dd" in text); other datetime forms are written as their text.
        ColumnKind.Datetime when column.Form?.Format == "yyyy-MM-dd" => new ParsedFiller<int>(new ColumnInfo(column.Name, ColumnType.Date, column.Missing),
            v => ((DateVector)v).Days, text => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber - UnixEpochDay),
        ColumnKind.Identifier when column.Form?.Pattern is { } pattern && !IdentifierPattern.Parse(pattern).IsNumber =>
            new StringFiller(new ColumnInfo(column.Name, ColumnType.String, nullable: false)),
        ColumnKind.Identifier => Integers(new ColumnInfo(column.Name, ColumnType.Int64, nullable: false)),
        // Free text is never synthesised: the column is there, always empty.
        _ => new StringFiller(new ColumnInfo(column.Name, ColumnType.String, nullable: column.Missing || column.Kind == ColumnKind.Text)),
    };

    private static readonly int UnixEpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    private static ParsedFiller<long> Integers(ColumnInfo info) =>
        new(info, v => ((Int64Vector)v).Values, text => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));

    /// <summary>
    /// Whether an integer column's values print as plain digits: the codec formats them as doubles
    /// ("R"), which switches to exponent notation from 1E+15 on; wider columns stay doubles.
    /// </summary>
    private static bool WithinExactIntegers(ColumnDomain column) =>
        double.TryParse(column.Min, NumberStyles.Float, CultureInfo.InvariantCulture, out var min) && Math.Abs(min) < 1e15
        && double.TryParse(column.Max, NumberStyles.Float, CultureInfo.InvariantCulture, out var max) && Math.Abs(max) < 1e15;

    private interface IColumnFiller
    {
        ColumnInfo Info { get; }

        void Fill(string?[] values, ColumnVector vector);
    }

    private sealed class CategoryFiller : IColumnFiller
    {
        private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);

        public CategoryFiller(ColumnDomain column)
        {
            // The codec decodes the merged code of an open domain as "other".
            IReadOnlyList<string> labels = column.Other ? [.. column.Categories!, "other"] : column.Categories!;
            for (var i = 0; i < labels.Count; i++) _codes.TryAdd(labels[i], i);
            Info = new ColumnInfo(column.Name, ColumnType.Category, column.Missing, categories: labels);
        }

        public ColumnInfo Info { get; }

        public void Fill(string?[] values, ColumnVector vector)
        {
            var codes = ((CategoryVector)vector).Codes;
            for (var row = 0; row < values.Length; row++) codes[row] = values[row] is { } value ? _codes[value] : 0;
        }
    }

    /// <summary>Numbers parsed back from the codec's invariant text into a typed vector; a missing value's slot stays 0 (it is flagged null).</summary>
    private sealed class ParsedFiller<T>(ColumnInfo info, Func<ColumnVector, T[]> target, Func<string, T> parse) : IColumnFiller
        where T : struct
    {
        public ColumnInfo Info { get; } = info;

        public void Fill(string?[] values, ColumnVector vector)
        {
            var numbers = target(vector);
            for (var row = 0; row < values.Length; row++) numbers[row] = values[row] is { } value ? parse(value) : default;
        }
    }

    private sealed class StringFiller(ColumnInfo info) : IColumnFiller
    {
        public ColumnInfo Info { get; } = info;

        public void Fill(string?[] values, ColumnVector vector)
        {
            var strings = (StringVector)vector;
            strings.Clear();
            foreach (var value in values)
            {
                if (value is null)
                {
                    strings.Advance(0);
                    continue;
                }
                var span = strings.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length));
                strings.Advance(Encoding.UTF8.GetBytes(value, span));
            }
        }
    }
}
