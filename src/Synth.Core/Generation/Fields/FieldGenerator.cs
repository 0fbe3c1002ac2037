using Synth.Core.Data;
using Synth.Core.Generation.Random;
using Synth.Core.Schema;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Fields;

/// <summary>
/// Fills one column of a batch. Generators are immutable and shared by all worker threads;
/// anything a thread needs to itself comes from <see cref="CreateScratch"/>.
/// </summary>
internal abstract class FieldGenerator
{
    private readonly ulong _nullKey;

    protected FieldGenerator(FieldSpec spec, GenerationContext context)
    {
        Spec = spec;
        Key = CounterRng.Key(context.Seed, spec.Name);
        _nullKey = CounterRng.Key(context.Seed, spec.Name + "\0null");
    }

    public FieldSpec Spec { get; }

    /// <summary>The random stream of this field; a function of the seed and the field name only.</summary>
    protected ulong Key { get; }

    public abstract ColumnInfo Column { get; }

    /// <summary>Called once the final layout is known, to resolve other columns' indices.</summary>
    public virtual void Bind(GenerationContext context)
    {
    }

    public virtual object? CreateScratch(int capacity) => null;

    public abstract void Fill(RowBatch batch, ColumnVector vector, object? scratch);

    /// <summary>Marks rows null with the spec's rate; a row's fate depends only on the seed, field and row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected void FillNulls(RowBatch batch, ColumnVector vector, double rate)
    {
        if (rate <= 0)
        {
            vector.HasNulls = false;
            return;
        }
        var nulls = vector.Nulls;
        var any = false;
        for (var i = 0; i < batch.Count; i++)
        {
            var isNull = CounterRng.Unit(CounterRng.At(_nullKey, batch.FirstRow + i)) < rate;
            nulls[i] = isNull;
            any |= isNull;
        }
        vector.HasNulls = any;
    }

    /// <summary>Like <see cref="FillNulls(RowBatch, ColumnVector, double)"/> with each row's rate taken from its case.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected void FillNulls(RowBatch batch, ColumnVector vector, CaseMap cases)
    {
        if (!cases.IsConditional)
        {
            FillNulls(batch, vector, Spec.NullRate);
            return;
        }
        var any = false;
        for (var i = 0; i < batch.Count; i++)
        {
            var rate = cases.Cases[cases.CaseOf(batch, i)].NullRate;
            var isNull = rate > 0 && CounterRng.Unit(CounterRng.At(_nullKey, batch.FirstRow + i)) < rate;
            vector.Nulls[i] = isNull;
            any |= isNull;
        }
        vector.HasNulls = any;
    }
}
