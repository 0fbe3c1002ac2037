using System.Globalization;
using Synth.Core.Generation.Random;
using Synth.Core.Privacy;

namespace Synth.Core.Datasets;

/// <summary>
/// Between a raw table and the integer codes synthesizers work on, under a confirmed domain.
/// Encoding: categories by their position (unlisted values to "other" when allowed, else an
/// error), numbers and datetimes to equal-width bins of the public bounds (clipped), missing values
/// to a code of their own. Decoding draws a value uniformly inside its bin, from a counter-based
/// generator keyed by (seed, column, row), so the same codes and seed give the same table.
/// </summary>
public sealed class TableCodec
{
    private readonly DomainSpec _spec;
    private readonly ColumnDomain[] _modelled;

    public TableCodec(DomainSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = spec.Validate();
        if (problems.Count > 0) throw new FormatException(string.Join(Environment.NewLine, problems));
        _spec = spec;
        _modelled = [.. spec.Columns.Where(c => c.IsSynthesized)];
        Domain = new Domain([.. _modelled.Select(c => c.Name)], [.. _modelled.Select(Size)]);
    }

    /// <summary>The synthesised columns and their sizes (codes), in the spec's order.</summary>
    public Domain Domain { get; }

    public EncodedTable Encode(RawTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var columns = new int[_modelled.Length][];
        for (var m = 0; m < _modelled.Length; m++)
        {
            var column = _modelled[m];
            var index = IndexOf(table, column.Name);
            var values = table.Columns[index];
            var codes = new int[values.Length];
            var encode = Encoder(column);
            for (var row = 0; row < values.Length; row++)
            {
                var value = values[row];
                if (value is null)
                {
                    if (!column.Missing) throw new FormatException($"column '{column.Name}', row {row + 1}: a missing value, but the domain has no missing code (set \"missing\": true)");
                    codes[row] = Size(column) - 1;
                }
                else
                {
                    codes[row] = encode(value) ?? throw new FormatException($"column '{column.Name}', row {row + 1}: '{value}' is not in the domain");
                }
            }
            columns[m] = codes;
        }
        return new EncodedTable(Domain, columns);
    }

    /// <summary>
    /// Every column of the spec, in order: modelled ones decoded, identifiers as row numbers
    /// (<paramref name="firstRow"/> + 1, + 2, …), free text empty. Row r of the codes is row
    /// <paramref name="firstRow"/> + r of the output: a table decoded in batches equals one decoded whole.
    /// </summary>
    public RawTable Decode(EncodedTable data, ulong seed, long firstRow = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Domain.Count != Domain.Count) throw new ArgumentException($"the codes have {data.Domain.Count} columns, the domain {Domain.Count}");
        var columns = new string?[_spec.Columns.Count][];
        var m = 0;
        for (var c = 0; c < _spec.Columns.Count; c++)
        {
            var column = _spec.Columns[c];
            var values = new string?[data.Rows];
            if (column.Kind == ColumnKind.Identifier && column.Form?.Pattern is { } shape)
            {
                var pattern = IdentifierPattern.Parse(shape);
                var key = CounterRng.Key(seed, column.Name);
                for (var row = 0; row < data.Rows; row++) values[row] = pattern.Format(key, firstRow + row);
            }
            else if (column.Kind == ColumnKind.Identifier)
            {
                for (var row = 0; row < data.Rows; row++) values[row] = (firstRow + row + 1).ToString(CultureInfo.InvariantCulture);
            }
            else if (column.IsSynthesized)
            {
                var key = CounterRng.Key(seed, column.Name);
                var decode = Decoder(column);
                var codes = data.Columns[m++];
                var missingCode = column.Missing ? Size(column) - 1 : -1;
                for (var row = 0; row < data.Rows; row++)
                {
                    values[row] = codes[row] == missingCode ? null : decode(codes[row], CounterRng.Unit(CounterRng.At(key, firstRow + row)));
                }
            }
            columns[c] = values;
        }
        return new RawTable([.. _spec.Columns.Select(c => c.Name)], columns);
    }

    private static int Size(ColumnDomain column)
    {
        var values = column.Kind == ColumnKind.Categorical ? column.Categories!.Count + (column.Other ? 1 : 0) : column.Bins!.Value;
        return values + (column.Missing ? 1 : 0);
    }

    private static int IndexOf(RawTable table, string name)
    {
        for (var i = 0; i < table.Header.Count; i++)
        {
            if (table.Header[i] == name) return i;
        }
        throw new FormatException($"the table has no column '{name}' (the domain names it)");
    }

    private static Func<string, int?> Encoder(ColumnDomain column)
    {
        switch (column.Kind)
        {
            case ColumnKind.Categorical:
                var codes = column.Categories!.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);
                var other = column.Other ? column.Categories!.Count : (int?)null;
                return value => codes.TryGetValue(value, out var code) ? code : other;
            case ColumnKind.Datetime:
                var (from, width, bins) = DateBins(column);
                var format = column.Form?.Format;
                // The form's format first (it reads day-first dates that the general parser would not), then any ISO 8601 text.
                return value => (format is not null && ColumnFormProfiler.TryParseExact(value, format, out var exact)) || DatasetProfiler.TryParseDate(value, out exact)
                    ? Bin(exact.Ticks, from, width, bins)
                    : null;
            default:
                var (min, step, count) = NumberBins(column);
                return value => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                    ? Bin(number, min, step, count)
                    : null;
        }
    }

    private static Func<int, double, string> Decoder(ColumnDomain column)
    {
        switch (column.Kind)
        {
            case ColumnKind.Categorical:
                var categories = column.Categories!;
                return (code, _) => code < categories.Count ? categories[code] : "other";
            case ColumnKind.Datetime:
                var (from, width, _) = DateBins(column);
                var format = column.Form?.Format ?? "yyyy-MM-dd'T'HH:mm:ss'Z'";
                if (column.Form?.Format is { } zoned && ColumnFormProfiler.HasOffset(zoned) && ColumnFormProfiler.TryParseOffset(column.Form.Offset, out var offset))
                {
                    return (code, u) => new DateTimeOffset((long)(from + (code + u) * width), TimeSpan.Zero).ToOffset(offset).ToString(zoned, CultureInfo.InvariantCulture);
                }
                return (code, u) => new DateTime((long)(from + (code + u) * width), DateTimeKind.Utc).ToString(format, CultureInfo.InvariantCulture);
            case ColumnKind.Integer:
                var (min, step, _) = NumberBins(column);
                DomainSpec.TryNumber(column.Max, out var max);
                return (code, u) =>
                {
                    // The whole numbers k this bin holds (min + code·step <= k < min + (code+1)·step), drawn uniformly.
                    var first = Math.Ceiling(min + code * step);
                    var last = Math.Min(Math.Ceiling(min + (code + 1) * step) - 1, Math.Floor(max));
                    var value = last < first ? first : first + Math.Floor(u * (last - first + 1));
                    return value.ToString("R", CultureInfo.InvariantCulture);
                };
            default:
                var (start, size, _) = NumberBins(column);
                if (column.Form?.Decimals is { } decimals)
                {
                    var fixedPoint = "F" + decimals.ToString(CultureInfo.InvariantCulture);
                    return (code, u) => Math.Round(start + (code + u) * size, decimals, MidpointRounding.AwayFromZero).ToString(fixedPoint, CultureInfo.InvariantCulture);
                }
                return (code, u) => (start + (code + u) * size).ToString("R", CultureInfo.InvariantCulture);
        }
    }

    private static (double Min, double Width, int Bins) NumberBins(ColumnDomain column)
    {
        DomainSpec.TryNumber(column.Min, out var min);
        DomainSpec.TryNumber(column.Max, out var max);
        var bins = column.Bins!.Value;
        // Integers: each bin covers whole numbers, the last one including max.
        if (column.Kind == ColumnKind.Integer) max += 1;
        return (min, max > min ? (max - min) / bins : 1, bins);
    }

    private static (double From, double Width, int Bins) DateBins(ColumnDomain column)
    {
        DatasetProfiler.TryParseDate(column.Min!, out var from);
        DatasetProfiler.TryParseDate(column.Max!, out var to);
        var bins = column.Bins!.Value;
        var span = Math.Max(1, to.Ticks - from.Ticks + 1);
        return (from.Ticks, span / (double)bins, bins);
    }

    private static int Bin(double value, double min, double width, int bins) => Math.Clamp((int)Math.Floor((value - min) / width), 0, bins - 1);
}
