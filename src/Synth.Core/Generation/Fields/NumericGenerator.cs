using Synth.Core.Data;
using Synth.Core.Generation.Numeric;
using Synth.Core.Generation.Random;
using Synth.Core.Schema;
using System.Runtime.CompilerServices;

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

    /// <summary>Per thread: the batch's u values (written by the copula group first when correlated).</summary>
    public override object? CreateScratch(int capacity) => new double[capacity];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Fill(RowBatch batch, ColumnVector vector, object? scratch)
    {
        var u = (double[])scratch!;
        if (_unique is null && !Correlated && _effects is null && !_cases.IsConditional)
        {
            FillSimple(batch, vector, u);
            return;
        }
        var first = batch.FirstRow;
        for (var i = 0; i < batch.Count; i++)
        {
            var row = first + i;
            double x;
            var c = 0;
            if (_unique is not null)
            {
                x = Spec.Min!.Value + _unique.Permute((ulong)row) * _gridStep;
            }
            else
            {
                c = _cases.CaseOf(batch, i);
                x = _cdfs[c].Quantile(Correlated ? u[i] : CounterRng.Unit(CounterRng.At(Key, row)));
                if (_effects is not null) x = _effects.Apply(x, row);
            }
            Store(vector, i, x, c);
        }
        FillNulls(batch, vector, _cases);
    }

    /// <summary>The common case, a batch at a time: vectorised uniforms, one quantile loop, one store loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FillSimple(RowBatch batch, ColumnVector vector, double[] u)
    {
        // A float column is worked on in place; an int column in the scratch, then converted.
        var x = (vector is Float64Vector floats ? floats.Values : u).AsSpan(0, batch.Count);
        CounterRng.FillUnit(Key, batch.FirstRow, x);
        _cdfs[0].Quantiles(x);
        ClampRound.ApplyAll(x, _min[0], _max[0], _scale[0]);
        if (vector is Int64Vector ints)
        {
            // Int scale is 1: x is already whole, the conversion is exact (and saturates like every other).
            var values = ints.Values;
            for (var i = 0; i < x.Length; i++) values[i] = (long)x[i];
        }
        FillNulls(batch, vector, Spec.NullRate);
    }

    private void Store(ColumnVector vector, int i, double x, int c)
    {
        x = ClampRound.Apply(x, _min[c], _max[c], _scale[c]);
        if (vector is Int64Vector ints) ints.Values[i] = (long)x;
        else ((Float64Vector)vector).Values[i] = x;
    }
}
