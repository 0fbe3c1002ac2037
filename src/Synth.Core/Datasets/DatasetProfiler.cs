using System.Globalization;

namespace Synth.Core.Datasets;

/// <summary>Infers each column's kind and a draft domain from an uploaded table.</summary>
public static class DatasetProfiler
{
    /// <summary>Integer codes with at most this many distinct values are taken for categories (as integer-coded benchmarks are).</summary>
    public const int MaxCodeCategories = 32;

    /// <summary>Strings with at most this many distinct values (and repeating) are categories; more is free text.</summary>
    public const int MaxCategories = 1000;

    private const int TopValues = 50;
    private const int DefaultBins = 32;

    public static DatasetProfile Profile(RawTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var columns = new ColumnProfile[table.Header.Count];
        Parallel.For(0, columns.Length, c => columns[c] = ProfileColumn(table.Header[c], table.Columns[c]));
        return new DatasetProfile(table.Rows, columns);
    }

    private static ColumnProfile ProfileColumn(string name, string?[] values)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var missing = 0;
        bool allLong = true, allDouble = true, allDates = true;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        DateTime minDate = DateTime.MaxValue, maxDate = DateTime.MinValue;
        foreach (var value in values)
        {
            if (value is null)
            {
                missing++;
                continue;
            }
            counts[value] = counts.GetValueOrDefault(value) + 1;
            if (allLong && !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) allLong = false;
            if (allDouble)
            {
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                {
                    min = Math.Min(min, number);
                    max = Math.Max(max, number);
                }
                else
                {
                    allDouble = false;
                }
            }
            if (allDates && !allDouble)
            {
                if (TryParseDate(value, out var date))
                {
                    if (date < minDate) minDate = date;
                    if (date > maxDate) maxDate = date;
                }
                else
                {
                    allDates = false;
                }
            }
        }
        var present = values.Length - missing;
        var distinct = counts.Count;
        var top = counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(TopValues)
            .Select(p => new ValueCount(p.Key, p.Value)).ToList();
        var nearlyUnique = present >= 20 && distinct >= 0.95 * present;

        ColumnKind kind;
        if (present == 0) kind = ColumnKind.Categorical;
        else if (allLong && distinct <= MaxCodeCategories) kind = ColumnKind.Categorical;
        else if (allLong) kind = nearlyUnique ? ColumnKind.Identifier : ColumnKind.Integer;
        else if (allDouble) kind = ColumnKind.Continuous;
        else if (allDates) kind = ColumnKind.Datetime;
        else if (nearlyUnique) kind = ColumnKind.Identifier;
        else kind = distinct <= MaxCategories && distinct <= present / 2 ? ColumnKind.Categorical : ColumnKind.Text;

        return kind switch
        {
            ColumnKind.Integer or ColumnKind.Continuous => new ColumnProfile(name, kind, missing, distinct, [],
                Invariant(min), Invariant(max), Math.Min(DefaultBins, Math.Max(1, distinct)))
            {
                Histogram = Histogram(counts, Math.Min(DefaultBins, Math.Max(1, distinct)), min, max, v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)),
            },
            ColumnKind.Datetime => new ColumnProfile(name, kind, missing, distinct, [], Iso(minDate), Iso(maxDate), DefaultBins)
            {
                Histogram = Histogram(counts, DefaultBins, minDate.Ticks, maxDate.Ticks, v => TryParseDate(v, out var d) ? d.Ticks : double.NaN),
            },
            ColumnKind.Categorical => new ColumnProfile(name, kind, missing, distinct, top, null, null, null),
            _ => new ColumnProfile(name, kind, missing, distinct, [], null, null, null),
        };
    }

    /// <summary>Counts of the distinct values (with their multiplicities) in <paramref name="bins"/> equal-width bins over [low, high].</summary>
    private static int[] Histogram(Dictionary<string, int> counts, int bins, double low, double high, Func<string, double> read)
    {
        var histogram = new int[bins];
        var width = (high - low) / bins;
        foreach (var (value, count) in counts)
        {
            var x = read(value);
            if (double.IsNaN(x)) continue;
            var bin = width > 0 ? (int)((x - low) / width) : 0;
            histogram[Math.Clamp(bin, 0, bins - 1)] += count;
        }
        return histogram;
    }

    /// <summary>A draft domain for the owner to confirm or edit: every category seen, the observed bounds, the suggested bins.</summary>
    public static DomainSpec DraftDomain(DatasetProfile profile, RawTable table)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(table);
        var columns = profile.Columns.Select((p, c) => p.Kind switch
        {
            ColumnKind.Categorical => new ColumnDomain(p.Name, p.Kind)
            {
                Categories = OrderForReading(table.Columns[c].Where(v => v is not null).GroupBy(v => v!, StringComparer.Ordinal)
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(MaxCategories).Select(g => g.Key).ToList()),
                Missing = p.Missing > 0,
            },
            ColumnKind.Integer or ColumnKind.Continuous or ColumnKind.Datetime => new ColumnDomain(p.Name, p.Kind)
            {
                Min = p.Min,
                Max = p.Max,
                Bins = p.SuggestedBins,
                Missing = p.Missing > 0,
                Form = ColumnFormProfiler.Infer(p.Kind, table.Columns[c]),
            },
            ColumnKind.Identifier => new ColumnDomain(p.Name, p.Kind) { Form = ColumnFormProfiler.Infer(p.Kind, table.Columns[c]) },
            _ => new ColumnDomain(p.Name, p.Kind),
        }).ToList();
        return new DomainSpec(columns);
    }

    /// <summary>Integer codes in numeric order (as integer-coded data lists them); other values most frequent first.</summary>
    private static List<string> OrderForReading(List<string> categories) =>
        categories.All(v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            ? [.. categories.OrderBy(v => long.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))]
            : categories;

    internal static bool TryParseDate(string value, out DateTime date) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out date);

    private static string? Invariant(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : null;

    private static string? Iso(DateTime value) => value == DateTime.MaxValue || value == DateTime.MinValue ? null : value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
