using Synth.Core.Data;
using Synth.Core.Generation.Numeric;
using Synth.Core.Generation.Random;
using Synth.Core.Schema;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Fields;

internal sealed class CategoryGenerator : FieldGenerator
{
    private readonly CaseMap _cases;
    private readonly DiscreteSampler[] _samplers;
    private readonly Permutation? _unique;

    public CategoryGenerator(FieldSpec spec, GenerationContext context) : base(spec, context)
    {
        _cases = new CaseMap(spec, context);
        _samplers = _cases.Cases
            .Select(c => new DiscreteSampler(c.Probabilities.Count > 0 ? c.Probabilities : Enumerable.Repeat(1.0, spec.Categories.Count).ToArray()))
            .ToArray();
        Column = new ColumnInfo(spec.Name, ColumnType.Category, _cases.Cases.Any(c => c.NullRate > 0), categories: spec.Categories);
        if (spec.Unique)
        {
            context.CheckUniqueDomain(spec, (ulong)spec.Categories.Count);
            _unique = new Permutation((ulong)spec.Categories.Count, Key);
        }
    }

    public override ColumnInfo Column { get; }

    public override void Bind(GenerationContext context) => _cases.Bind(context);

    public override object? CreateScratch(int capacity) => new double[capacity];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Fill(RowBatch batch, ColumnVector vector, object? scratch)
    {
        var codes = ((CategoryVector)vector).Codes;
        if (_unique is null && !_cases.IsConditional)
        {
            var u = ((double[])scratch!).AsSpan(0, batch.Count);
            CounterRng.FillUnit(Key, batch.FirstRow, u);
            var sampler = _samplers[0];
            for (var i = 0; i < u.Length; i++) codes[i] = sampler.Sample(u[i]);
            FillNulls(batch, vector, Spec.NullRate);
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch.FirstRow + i;
            codes[i] = _unique is not null
                ? (int)_unique.Permute((ulong)row)
                : _samplers[_cases.CaseOf(batch, i)].Sample(CounterRng.Unit(CounterRng.At(Key, row)));
        }
        FillNulls(batch, vector, _cases);
    }
}
