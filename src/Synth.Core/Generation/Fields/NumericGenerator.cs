using Synth.Core.Data;
using Synth.Core.Generation.Numeric;
using Synth.Core.Generation.Random;
using Synth.Core.Schema;

namespace Synth.Core.Generation.Fields;

/// <summary>
/// int and float fields: u → quantile of the row's case → time-series effects → min/max clip →
/// rounding. Unique fields instead take a keyed permutation of [min, max] (on the decimals grid
/// for floats), which guarantees distinct values across every shard.
/// </summary>
internal sealed class NumericGenerator : FieldGenerator
{
    private readonly CaseMap _cases;
    private readonly InverseCdf[] _cdfs;
    private readonly TimeSeriesEffects? _effects;
    private readonly Permutation? _unique;
    private readonly double _gridStep;

    // Per case, hoisted out of the row loop: clip bounds and the rounding scale (0 = no rounding).
    private readonly double[] _min, _max, _scale;

    public NumericGenerator(FieldSpec spec, GenerationContext context) : base(spec, context)
    {
        _cases = new CaseMap(spec, context);
        _cdfs = _cases.Cases.Select(InverseCdf.For).ToArray();
        _effects = TimeSeriesEffects.For(spec, context.Schema.TimeSeries, context.Seed);
        _min = _cases.Cases.Select(c => c.Min ?? double.NegativeInfinity).ToArray();
        _max = _cases.Cases.Select(c => c.Max ?? double.PositiveInfinity).ToArray();
        _scale = _cases.Cases.Select(c => spec.Type == FieldType.Int ? 1 : c.Decimals >= 0 ? Math.Pow(10, c.Decimals) : 0).ToArray();
        Column = new ColumnInfo(spec.Name, spec.Type == FieldType.Int ? ColumnType.Int64 : ColumnType.Float64, spec.NullRate > 0 || _cases.Cases.Any(c => c.NullRate > 0), spec.Decimals);
        if (spec.Unique)
        {
            _gridStep = spec.Type == FieldType.Int ? 1 : Math.Pow(10, -spec.Decimals);
            var lo = spec.Type == FieldType.Int ? Math.Ceiling(spec.Min!.Value) : spec.Min!.Value;
            var count = Math.Floor((spec.Max!.Value - lo) / _gridStep + 1e-9) + 1;
            var domain = count >= 1.8e19 ? ulong.MaxValue : (ulong)count;
            context.CheckUniqueDomain(spec, domain);
            _unique = new Permutation(domain, Key);
        }
    }

    public override ColumnInfo Column { get; }

    /// <summary>Set when the field belongs to a correlation group: the group writes each row's u here first.</summary>
    public bool Correlated { get; set; }

    public override void Bind(GenerationContext context) => _cases.Bind(context);

    public override object? CreateScratch(int capacity) => Correlated ? new double[capacity] : null;

    public override void Fill(RowBatch batch, ColumnVector vector, object? scratch)
    {
        var correlatedU = scratch as double[];
        var first = batch.FirstRow;
        var isInt = Spec.Type == FieldType.Int;
        var longs = isInt ? ((Int64Vector)vector).Values : null;
        var doubles = isInt ? null : ((Float64Vector)vector).Values;
        var simple = _unique is null && correlatedU is null && _effects is null && !_cases.IsConditional;
        for (var i = 0; i < batch.Count; i++)
        {
            var row = first + i;
            double x;
            var c = 0;
            if (simple)
            {
                x = _cdfs[0].Quantile(CounterRng.Unit(CounterRng.At(Key, row)));
            }
            else if (_unique is not null)
            {
                x = Spec.Min!.Value + _unique.Permute((ulong)row) * _gridStep;
            }
            else
            {
                c = _cases.CaseOf(batch, i);
                var u = correlatedU is null ? CounterRng.Unit(CounterRng.At(Key, row)) : correlatedU[i];
                x = _cdfs[c].Quantile(u);
                if (_effects is not null) x = _effects.Apply(x, row);
            }
            x = Math.Clamp(x, _min[c], _max[c]);
            if (isInt)
            {
                longs![i] = (long)Math.Round(x, MidpointRounding.AwayFromZero);
            }
            else
            {
                // Same arithmetic as Math.Round(x, decimals) (scale, round, unscale) without its call overhead.
                var scale = _scale[c];
                doubles![i] = scale == 0 || Math.Abs(x) >= 1e16 ? x : Math.Round(x * scale, MidpointRounding.AwayFromZero) / scale;
            }
        }
        FillNulls(batch, vector, _cases);
    }
}
