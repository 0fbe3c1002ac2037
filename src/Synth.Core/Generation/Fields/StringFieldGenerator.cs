using Synth.Core.Data;
using Synth.Core.Schema;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Fields;

/// <summary>Base of the text-valued generators: each row is written as UTF-8 straight into the batch's byte buffer.</summary>
internal abstract class StringFieldGenerator : FieldGenerator
{
    protected StringFieldGenerator(FieldSpec spec, GenerationContext context) : base(spec, context)
    {
        Column = new ColumnInfo(spec.Name, ColumnType.String, spec.NullRate > 0);
    }

    public override ColumnInfo Column { get; }

    /// <summary>Upper bound of one value's length in bytes.</summary>
    protected abstract int MaxBytes { get; }

    /// <summary>Writes the value of <paramref name="row"/> and returns its length.</summary>
    protected abstract int Write(long row, Span<byte> destination);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Fill(RowBatch batch, ColumnVector vector, object? scratch)
    {
        var strings = (StringVector)vector;
        strings.Clear();
        var max = MaxBytes;
        for (var i = 0; i < batch.Count; i++)
        {
            strings.Advance(Write(batch.FirstRow + i, strings.GetSpan(max)));
        }
        FillNulls(batch, vector, Spec.NullRate);
    }
}
