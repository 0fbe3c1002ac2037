using System.Globalization;
using Synth.Core.Generation.Numeric;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Mechanisms;

namespace Synth.Core.Datasets;

/// <summary>
/// Derives a domain from the data with differential privacy, so that the domain published inside
/// every model is itself a DP release instead of the data's own extremes and category lists.
/// The owner decides each column's kind (and bins); those choices are public inputs. Then:
/// <list type="bullet">
/// <item>integer, continuous and datetime columns get bounds at the <see cref="PrivateDomainOptions.LowQuantile"/>
/// and <see cref="PrivateDomainOptions.HighQuantile"/> quantiles, each chosen by the exponential mechanism
/// among public candidates inside the column's public outer range;</item>
/// <item>categorical columns get the observed values whose Gaussian noisy count exceeds a threshold
/// τ = 1 + σ·Φ⁻¹(1 − δ′), with <see cref="ColumnDomain.Other"/> set so that every value not
/// released is still encodable;</item>
/// <item>continuous and datetime columns whose form the owner did not declare get it by a noisy max
/// over public candidates (decimals; datetime format and offset), with a quarter of the column's share
/// (the quantiles get 3/8 each);</item>
/// <item>identifiers and free text need nothing and are copied as they are (with the identifier
/// pattern the owner declared, if any).</item>
/// </list>
/// ρ is split equally over the columns that need a derivation (half of a column's share to each
/// quantile), δ′ equally over the categorical columns. Every derived column has a missing code
/// (<see cref="ColumnDomain.Missing"/> = true): whether the data has missing values is not looked at.
/// </summary>
public static class PrivateDomainDerivation
{
    // A quantile's candidates are spread evenly on the asinh(x / scale) axis: linear within ±scale,
    // logarithmic beyond, so the default ±10⁹ range still resolves values near zero to a few percent.
    private const double IntegerScale = 1;
    private const double ContinuousScale = 0.01;
    private const int SignificantDigits = 4;

    // Datetime ranges up to about 2,700 years get a candidate per day.
    private const int MaxDayCandidates = 1_000_000;

    /// <summary>Whether the column's domain is derived from the data (and costs budget).</summary>
    public static bool NeedsDerivation(ColumnKind kind) =>
        kind is ColumnKind.Categorical or ColumnKind.Integer or ColumnKind.Continuous or ColumnKind.Datetime;

    /// <summary>
    /// The domain of <paramref name="kinds"/>' columns, in its order, derived privately from <paramref name="table"/>.
    /// Only kinds and bins are taken from <paramref name="kinds"/>. Throws <see cref="ArgumentException"/>
    /// (naming the option or column) for options that do not fit the table, before reading any value.
    /// </summary>
    public static PrivateDomain Derive(RawTable table, DomainSpec kinds, PrivateDomainOptions options, PrivateRandom random)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        var plan = Plan(table, kinds, options);

        var columns = new List<ColumnDomain>(kinds.Columns.Count);
        var spends = new List<DomainDerivationSpend>();
        foreach (var step in plan.Steps)
        {
            columns.Add(step.Column.Kind switch
            {
                ColumnKind.Categorical => Categories(step, plan, random, spends),
                ColumnKind.Integer or ColumnKind.Continuous or ColumnKind.Datetime => Bounds(step, plan, options, random, spends),
                _ => new ColumnDomain(step.Column.Name, step.Column.Kind) { Form = step.Column.Kind == ColumnKind.Identifier ? step.Column.Form : null },
            });
        }
        return new PrivateDomain(new DomainSpec(columns), spends, spends.Sum(s => s.Rho), spends.Sum(s => s.ThresholdDelta));
    }

    /// <summary>Checks everything that does not depend on the data's values; throws <see cref="ArgumentException"/> naming the first problem.</summary>
    public static void Check(IReadOnlyList<string> header, DomainSpec kinds, PrivateDomainOptions options) =>
        Plan(header, kinds, options, table: null);

    private static DerivationPlan Plan(RawTable table, DomainSpec kinds, PrivateDomainOptions options) =>
        Plan(table.Header, kinds, options, table);

    private static DerivationPlan Plan(IReadOnlyList<string> header, DomainSpec kinds, PrivateDomainOptions options, RawTable? table)
    {
        if (!(options.Rho > 0) || double.IsInfinity(options.Rho)) throw new ArgumentException($"rho: must be a positive, finite number; got {Show(options.Rho)}");
        if (!(options.LowQuantile >= 0 && options.LowQuantile < options.HighQuantile && options.HighQuantile <= 1))
        {
            throw new ArgumentException($"quantiles: need 0 <= low < high <= 1; got {Show(options.LowQuantile)}, {Show(options.HighQuantile)}");
        }
        if (options.Candidates is < 2 or > 1_000_000) throw new ArgumentException($"candidates: must be between 2 and 1000000; got {options.Candidates}");
        if (options.DefaultBins is < 1 or > 10_000) throw new ArgumentException($"bins: must be between 1 and 10000; got {options.DefaultBins}");
        if (kinds.Columns is null || kinds.Columns.Count == 0) throw new ArgumentException("columns: at least one column is needed");

        var steps = new List<Step>(kinds.Columns.Count);
        foreach (var column in kinds.Columns)
        {
            var index = -1;
            for (var i = 0; i < header.Count; i++)
            {
                if (header[i] == column.Name) index = i;
            }
            if (index < 0) throw new ArgumentException($"columns: the table has no column '{column.Name}' (it has {string.Join(", ", header)})");
            steps.Add(new Step(column, index, OuterRange(column, options)));
        }
        foreach (var name in options.Bounds.Keys)
        {
            var step = steps.FirstOrDefault(s => s.Column.Name == name);
            if (step is null) throw new ArgumentException($"bounds.{name}: no such column");
            if (step.Column.Kind is not (ColumnKind.Integer or ColumnKind.Continuous or ColumnKind.Datetime))
            {
                throw new ArgumentException($"bounds.{name}: the column is {step.Column.Kind.ToString().ToLowerInvariant()}; only integer, continuous and datetime columns have bounds");
            }
        }
        var derived = steps.Count(s => NeedsDerivation(s.Column.Kind));
        var categorical = steps.Count(s => s.Column.Kind == ColumnKind.Categorical);
        if (categorical > 0 && !(options.ThresholdDelta > 0 && options.ThresholdDelta < 1))
        {
            throw new ArgumentException($"thresholdDelta: must be between 0 and 1 (exclusive) to release categories; got {Show(options.ThresholdDelta)}");
        }
        return new DerivationPlan(table, steps, derived == 0 ? 0 : options.Rho / derived, categorical == 0 ? 0 : options.ThresholdDelta / categorical);
    }

    private static (double Low, double High) OuterRange(ColumnDomain column, PrivateDomainOptions options)
    {
        var given = options.Bounds.GetValueOrDefault(column.Name);
        switch (column.Kind)
        {
            case ColumnKind.Integer or ColumnKind.Continuous:
                if (given is null) return (-PrivateDomainOptions.DefaultNumberBound, PrivateDomainOptions.DefaultNumberBound);
                if (!DomainSpec.TryNumber(given.Min, out var low)) throw new ArgumentException($"bounds.{column.Name}: '{given.Min}' is not a finite number");
                if (!DomainSpec.TryNumber(given.Max, out var high)) throw new ArgumentException($"bounds.{column.Name}: '{given.Max}' is not a finite number");
                if (column.Kind == ColumnKind.Integer)
                {
                    low = Math.Ceiling(low);
                    high = Math.Floor(high);
                }
                if (!(low < high)) throw new ArgumentException($"bounds.{column.Name}: the lower bound must be below the upper one; got {given.Min} .. {given.Max}");
                return (low, high);
            case ColumnKind.Datetime:
                if (given is null) return (PrivateDomainOptions.DefaultEarliest.Ticks, PrivateDomainOptions.DefaultLatest.Ticks);
                if (!DatasetProfiler.TryParseDate(given.Min, out var from)) throw new ArgumentException($"bounds.{column.Name}: '{given.Min}' is not an ISO 8601 date or time");
                if (!DatasetProfiler.TryParseDate(given.Max, out var to)) throw new ArgumentException($"bounds.{column.Name}: '{given.Max}' is not an ISO 8601 date or time");
                if (!(from < to)) throw new ArgumentException($"bounds.{column.Name}: the earlier bound must come first; got {given.Min} .. {given.Max}");
                return (from.Ticks, to.Ticks);
            default:
                return (0, 0);
        }
    }

    /// <summary>
    /// Gaussian noisy counts of every observed value (one row is in one category, so the count
    /// vector has L2 sensitivity 1 under adding or removing a row), released above τ. A value held
    /// by one row only exists in one of two neighbouring tables; it is released with probability
    /// P(1 + σZ &gt; τ) = δ′, which is where the δ′ comes from. Released values are listed as the
    /// draft lists them: integer codes in numeric order, other values by noisy count, most first.
    /// </summary>
    private static ColumnDomain Categories(Step step, DerivationPlan plan, PrivateRandom random, List<DomainDerivationSpend> spends)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in plan.Table!.Columns[step.Index])
        {
            if (value is not null) counts[value] = counts.GetValueOrDefault(value) + 1;
        }
        // Noise is drawn in a fixed (ordinal) order of the values, so a seed gives the same domain whatever the rows' order.
        var values = counts.Keys.Order(StringComparer.Ordinal).ToArray();
        var sigma = Zcdp.GaussianSigma(plan.RhoPerColumn);
        var threshold = 1 + sigma * StandardNormal.Quantile(1 - plan.DeltaPerCategorical);
        var noisy = GaussianMechanism.Measure([.. values.Select(v => (double)counts[v])], sigma, random);
        var released = values.Select((v, i) => (Value: v, Count: noisy[i])).Where(p => p.Count > threshold)
            .OrderByDescending(p => p.Count).ThenBy(p => p.Value, StringComparer.Ordinal).Select(p => p.Value).ToList();
        if (released.Count > 0 && released.All(IsInteger))
        {
            released = [.. released.OrderBy(v => long.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))];
        }
        spends.Add(new DomainDerivationSpend(step.Column.Name, DomainDerivationSpend.ThresholdedCounts, plan.RhoPerColumn, plan.DeltaPerCategorical,
            string.Create(CultureInfo.InvariantCulture, $"{step.Column.Name}: categories with a noisy count above {threshold:G4} (sigma {sigma:G4})")));
        return new ColumnDomain(step.Column.Name, ColumnKind.Categorical) { Categories = released, Other = true, Missing = true };
    }

    private static ColumnDomain Bounds(Step step, DerivationPlan plan, PrivateDomainOptions options, PrivateRandom random, List<DomainDerivationSpend> spends)
    {
        var kind = step.Column.Kind;
        var (outerLow, outerHigh) = step.Outer;
        var sorted = Present(plan.Table!.Columns[step.Index], kind, outerLow, outerHigh, step.Column.Form?.Format);
        var candidates = Candidates(kind, outerLow, outerHigh, options.Candidates);
        // A form the owner declared is public; one not declared is derived with a quarter of the column's share.
        var form = step.Column.Form;
        var deriveForm = (kind == ColumnKind.Continuous && form?.Decimals is null) || (kind == ColumnKind.Datetime && form?.Format is null);
        var rho = plan.RhoPerColumn * (deriveForm ? 3.0 / 8 : 1.0 / 2);
        var low = Quantile(sorted, candidates, options.LowQuantile, rho, random);
        var high = Quantile(sorted, candidates, options.HighQuantile, rho, random);
        if (low > high) (low, high) = (high, low);
        // Adding 0.0 turns a candidate of −0 into 0, which prints as "0", not "-0".
        (low, high) = (low + 0.0, high + 0.0);
        foreach (var q in (double[])[options.LowQuantile, options.HighQuantile])
        {
            spends.Add(new DomainDerivationSpend(step.Column.Name, DomainDerivationSpend.Quantile, rho, 0,
                string.Create(CultureInfo.InvariantCulture, $"{step.Column.Name}: {q * 100:G4}% quantile (exponential mechanism, epsilon {Zcdp.ExponentialEpsilon(rho):G4})")));
        }
        if (deriveForm) form = DeriveForm(step, plan, plan.RhoPerColumn / 4, random, spends);
        var bins = step.Column.Bins ?? options.DefaultBins;
        string min, max;
        switch (kind)
        {
            case ColumnKind.Integer:
                min = low.ToString("R", CultureInfo.InvariantCulture);
                max = high.ToString("R", CultureInfo.InvariantCulture);
                bins = (int)Math.Clamp(high - low + 1, 1, bins);
                break;
            case ColumnKind.Datetime:
                // Whole seconds, outwards (ISO 8601 as written has no fractions), inside the public range.
                var first = (long)Math.Round(low) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond;
                var last = ((long)Math.Round(high) + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond;
                min = Iso(new DateTime(Math.Max(first, (long)outerLow), DateTimeKind.Utc));
                max = Iso(new DateTime(Math.Min(last, (long)outerHigh), DateTimeKind.Utc));
                break;
            default:
                // Rounded outwards to a few significant digits: post-processing, and a domain people can read.
                var roundedLow = Math.Max(outerLow, Round(low, down: true));
                var roundedHigh = Math.Min(outerHigh, Round(high, down: false));
                min = roundedLow.ToString("G15", CultureInfo.InvariantCulture);
                max = roundedHigh.ToString("G15", CultureInfo.InvariantCulture);
                break;
        }
        return new ColumnDomain(step.Column.Name, kind) { Min = min, Max = max, Bins = bins, Missing = true, Form = form };
    }

    /// <summary>
    /// The commonest form among public candidates, by Gaussian noisy counts and taking the largest
    /// (report noisy max; one row adds to one count, so the vector has L2 sensitivity 1 and, the
    /// candidates being public, nothing needs a threshold). Continuous: the decimals written
    /// (0 … <see cref="ColumnFormProfiler.MaxDecimals"/>). Datetime: the pair (format of
    /// <see cref="ColumnFormProfiler.DateFormats"/>, offset in 15-minute steps within ±14 h) for
    /// formats with an offset, the format alone otherwise.
    /// </summary>
    private static ColumnForm DeriveForm(Step step, DerivationPlan plan, double rho, PrivateRandom random, List<DomainDerivationSpend> spends)
    {
        var values = plan.Table!.Columns[step.Index];
        var declared = step.Column.Form ?? new ColumnForm();
        var sigma = Zcdp.GaussianSigma(rho);
        if (step.Column.Kind == ColumnKind.Continuous)
        {
            var counts = new double[ColumnFormProfiler.MaxDecimals + 1];
            foreach (var value in values)
            {
                if (value is not null && ColumnFormProfiler.DecimalsOf(value) is var d and >= 0) counts[d]++;
            }
            var decimals = ArgMax(GaussianMechanism.Measure(counts, sigma, random));
            spends.Add(new DomainDerivationSpend(step.Column.Name, DomainDerivationSpend.NoisyMax, rho, 0,
                string.Create(CultureInfo.InvariantCulture, $"{step.Column.Name}: decimals written (noisy max, sigma {sigma:G4})")));
            return declared with { Decimals = decimals };
        }

        const int offsets = 14 * 4 * 2 + 1;
        var formats = ColumnFormProfiler.DateFormats;
        var cells = new double[formats.Count * offsets];
        foreach (var value in values)
        {
            if (value is null || ColumnFormProfiler.FormatOf(value) is not (var f and >= 0)) continue;
            var o = offsets / 2;
            if (ColumnFormProfiler.HasOffset(formats[f]))
            {
                if (!DateTimeOffset.TryParseExact(value, formats[f], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) continue;
                var quarters = parsed.Offset.TotalMinutes / 15;
                if (quarters != Math.Floor(quarters) || Math.Abs(quarters) > offsets / 2) continue;
                o += (int)quarters;
            }
            cells[f * offsets + o]++;
        }
        // Formats without an offset have one candidate (the middle cell); the others are not candidates.
        var candidates = Enumerable.Range(0, cells.Length).Where(i => ColumnFormProfiler.HasOffset(formats[i / offsets]) || i % offsets == offsets / 2).ToArray();
        var noisy = GaussianMechanism.Measure([.. candidates.Select(i => cells[i])], sigma, random);
        var chosen = candidates[ArgMax(noisy)];
        var format = formats[chosen / offsets];
        spends.Add(new DomainDerivationSpend(step.Column.Name, DomainDerivationSpend.NoisyMax, rho, 0,
            string.Create(CultureInfo.InvariantCulture, $"{step.Column.Name}: datetime format written (noisy max, sigma {sigma:G4})")));
        return declared with
        {
            Format = format,
            Offset = ColumnFormProfiler.HasOffset(format) ? ColumnFormProfiler.OffsetText(TimeSpan.FromMinutes(15 * (chosen % offsets - offsets / 2))) : null,
        };
    }

    // The first largest (ties to the lowest index: a fixed order, so a seed gives one answer).
    private static int ArgMax(double[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best]) best = i;
        }
        return best;
    }

    /// <summary>
    /// The exponential mechanism over the candidates. A candidate c is a q-quantile when
    /// #{x &lt; c} ≤ q·n ≤ #{x ≤ c} (an interval, so that ties, such as 50 rows aged 18, still make
    /// 18 a quantile); its quality is minus the distance from q·n to that interval. It uses n, the
    /// number of present values, without releasing it: adding or removing one row moves both counts
    /// by at most 1 and q·n by q, in the same direction, so the quality's sensitivity is
    /// max(q, 1 − q) ≤ 1 and no part of ρ goes to a noisy count. Values outside the public range
    /// count as its ends (clipping keeps the sensitivity).
    /// </summary>
    private static double Quantile(double[] sorted, double[] candidates, double q, double rho, PrivateRandom random)
    {
        var target = q * sorted.Length;
        var qualities = new double[candidates.Length];
        int below = 0, upTo = 0;
        for (var i = 0; i < candidates.Length; i++)
        {
            while (below < sorted.Length && sorted[below] < candidates[i]) below++;
            if (upTo < below) upTo = below;
            while (upTo < sorted.Length && sorted[upTo] <= candidates[i]) upTo++;
            qualities[i] = -Math.Max(0, Math.Max(below - target, target - upTo));
        }
        return candidates[ExponentialMechanism.Select(qualities, Zcdp.ExponentialEpsilon(rho), 1, random)];
    }

    private static double[] Present(string?[] values, ColumnKind kind, double low, double high, string? format)
    {
        var present = new List<double>(values.Length);
        foreach (var value in values)
        {
            if (value is null) continue;
            double x;
            if (kind == ColumnKind.Datetime)
            {
                // A value that does not parse cannot be encoded under any bounds; it counts nowhere (the codec will name it).
                if (!(format is not null && ColumnFormProfiler.TryParseExact(value, format, out var date)) && !DatasetProfiler.TryParseDate(value, out date)) continue;
                x = date.Ticks;
            }
            else if (!DomainSpec.TryNumber(value, out x))
            {
                continue;
            }
            present.Add(Math.Clamp(x, low, high));
        }
        var sorted = present.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>
    /// Public candidates, ascending and distinct: every integer of a small integer range, every day of a
    /// datetime range (up to a million); else evenly spaced on asinh(x / scale) (numbers) or on the time
    /// axis (datetimes); both ends always included.
    /// </summary>
    internal static double[] Candidates(ColumnKind kind, double low, double high, int count)
    {
        if (kind == ColumnKind.Integer && high - low + 1 <= count)
        {
            return [.. Enumerable.Range(0, (int)(high - low) + 1).Select(i => low + i)];
        }
        if (kind == ColumnKind.Datetime)
        {
            // Whole days (UTC midnights): evenly spaced candidates 18 days apart (4000 over the default two
            // centuries) would leave data that spans a year with no candidate near its 1% quantile.
            var firstDay = Math.Ceiling(low / TimeSpan.TicksPerDay);
            var days = Math.Floor(high / TimeSpan.TicksPerDay) - firstDay + 1;
            if (days <= MaxDayCandidates)
            {
                return [.. new[] { low }.Concat(Enumerable.Range(0, (int)Math.Max(0, days)).Select(d => (firstDay + d) * TimeSpan.TicksPerDay)).Append(high).Distinct().Order()];
            }
        }
        var points = new double[count];
        if (kind == ColumnKind.Datetime)
        {
            for (var i = 0; i < count; i++) points[i] = Math.Round(low + (high - low) * i / (count - 1));
        }
        else
        {
            var scale = kind == ColumnKind.Integer ? IntegerScale : ContinuousScale;
            double from = Math.Asinh(low / scale), to = Math.Asinh(high / scale);
            for (var i = 0; i < count; i++)
            {
                var x = scale * Math.Sinh(from + (to - from) * i / (count - 1));
                points[i] = kind == ColumnKind.Integer ? Math.Round(x) : x;
            }
        }
        points[0] = low;
        points[^1] = high;
        return [.. points.Select(p => Math.Clamp(p, low, high)).Distinct().Order()];
    }

    private static double Round(double value, bool down)
    {
        if (value == 0 || !double.IsFinite(value)) return value;
        var unit = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(value))) - (SignificantDigits - 1));
        var units = value / unit;
        return (down ? Math.Floor(units) : Math.Ceiling(units)) * unit;
    }

    private static bool IsInteger(string value) => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    private static string Iso(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Show(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    private sealed record Step(ColumnDomain Column, int Index, (double Low, double High) Outer);

    private sealed record DerivationPlan(RawTable? Table, IReadOnlyList<Step> Steps, double RhoPerColumn, double DeltaPerCategorical);
}
