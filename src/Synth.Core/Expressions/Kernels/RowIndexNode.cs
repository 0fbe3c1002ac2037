using System.Runtime.CompilerServices;

namespace Synth.Core.Expressions.Kernels;

/// <summary>The built-in <c>row</c>: the global row index, <c>batch.FirstRow + i</c>.</summary>
internal sealed class RowIndexNode(int slot) : EvalNode(slot)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Evaluate(ExpressionEvaluator evaluator, int count)
    {
        var first = evaluator.Batch.FirstRow;
        var values = evaluator.Values[Slot].AsSpan(0, count);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = first + i;
        }
        return false;
    }
}
