using Synth.Core.Data;
using Synth.Core.Generation.Random;
using Synth.Core.Schema;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Fields;

internal sealed class BoolGenerator : FieldGenerator
{
    private readonly CaseMap _cases;

    public BoolGenerator(FieldSpec spec, GenerationContext context) : base(spec, context)
    {
        _cases = new CaseMap(spec, context);
        Column = new ColumnInfo(spec.Name, ColumnType.Boolean, _cases.Cases.Any(c => c.NullRate > 0));
        context.CheckUniqueDomain(spec, 2);
    }

    public override ColumnInfo Column { get; }

    public override void Bind(GenerationContext context) => _cases.Bind(context);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Fill(RowBatch batch, ColumnVector vector, object? scratch)
    {
        var values = ((BooleanVector)vector).Values;
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch.FirstRow + i;
            values[i] = Spec.Unique
                ? row == 1 ^ (CounterRng.At(Key, 0) & 1) == 0
                : CounterRng.Unit(CounterRng.At(Key, row)) < _cases.Cases[_cases.CaseOf(batch, i)].Probability;
        }
        FillNulls(batch, vector, _cases);
    }
}
