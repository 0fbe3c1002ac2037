using Synth.Core.Data;
using Synth.Core.Generation.Numeric;
using Synth.Core.Generation.Random;
using Synth.Core.Schema;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Fields;

/// <summary>
/// datetime (whole seconds) and date fields, uniform over [start, end). The time field of a
/// time series is instead <c>start + row · interval</c>.
/// </summary>
internal sealed class DatetimeGenerator : FieldGenerator
{
    private const long MicrosPerSecond = 1_000_000;
    private const long SecondsPerDay = 86_400;

    private readonly CaseMap _cases;
    private readonly bool _isDate;
    private readonly TimeSeriesSpec? _series;
    private readonly Permutation? _unique;
    private readonly (long Lo, long Hi)[] _ranges;

    public DatetimeGenerator(FieldSpec spec, GenerationContext context) : base(spec, context)
    {
        _cases = new CaseMap(spec, context);
        _isDate = spec.Type == FieldType.Date;
        if (context.Schema.TimeSeries is { } series && series.TimeField == spec.Name) _series = series;
        Column = new ColumnInfo(spec.Name, _isDate ? ColumnType.Date : ColumnType.Timestamp, _cases.Cases.Any(c => c.NullRate > 0));
        _ranges = _cases.Cases.Select(Range).ToArray();
        if (spec.Unique)
        {
            var (lo, hi) = _ranges[0];
            context.CheckUniqueDomain(spec, (ulong)(hi - lo));
            _unique = new Permutation((ulong)(hi - lo), Key);
        }
    }

    public override ColumnInfo Column { get; }

    public override void Bind(GenerationContext context) => _cases.Bind(context);

    /// <summary>[lo, hi) in the column's unit: seconds for datetime, days for date.</summary>
    private (long Lo, long Hi) Range(FieldSpec spec)
    {
        var lo = new DateTimeOffset(spec.Start).ToUnixTimeSeconds();
        var hi = new DateTimeOffset(spec.End).ToUnixTimeSeconds();
        return _isDate ? (FloorDiv(lo, SecondsPerDay), Math.Max(FloorDiv(lo, SecondsPerDay) + 1, FloorDiv(hi + SecondsPerDay - 1, SecondsPerDay))) : (lo, hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Fill(RowBatch batch, ColumnVector vector, object? scratch)
    {
        var ranges = _ranges;
        var micros = _isDate ? null : ((TimestampVector)vector).Micros;
        var days = _isDate ? ((DateVector)vector).Days : null;
        var seriesStart = _series is null ? 0 : new DateTimeOffset(_series.Start).ToUnixTimeMilliseconds() * 1000;
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch.FirstRow + i;
            long v;
            if (_series is not null)
            {
                // Exact integer arithmetic: row · interval never drifts, however long the series.
                var at = seriesStart + row * (_series.Interval.Ticks / 10);
                if (_isDate) days![i] = (int)FloorDiv(at, SecondsPerDay * MicrosPerSecond);
                else micros![i] = at;
                continue;
            }
            else if (_unique is not null)
            {
                v = ranges[0].Lo + (long)_unique.Permute((ulong)row);
            }
            else
            {
                var (lo, hi) = ranges[_cases.CaseOf(batch, i)];
                v = lo + (long)(CounterRng.Unit(CounterRng.At(Key, row)) * (hi - lo));
            }
            if (_isDate) days![i] = (int)v;
            else micros![i] = v * MicrosPerSecond;
        }
        FillNulls(batch, vector, _cases);
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
