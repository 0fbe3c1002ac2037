using System.Runtime.CompilerServices;

namespace Synth.Core.Expressions.Kernels;

/// <summary>
/// Translates label codes from one dictionary to another, in place: a category's codes into
/// the dictionary of a <c>?:</c> result, or both sides of a comparison into a shared one.
/// </summary>
internal sealed class RemapNode(EvalNode operand, int[] map) : EvalNode(operand.Slot)
{
    private readonly EvalNode _operand = operand;
    private readonly int[] _map = map;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Evaluate(ExpressionEvaluator evaluator, int count)
    {
        var hasNulls = _operand.Evaluate(evaluator, count);
        var values = evaluator.Values[Slot].AsSpan(0, count);
        var map = _map;
        for (var i = 0; i < values.Length; i++)
        {
            // A null row's code is whatever the column held, possibly out of range; its value does not matter.
            var code = (int)values[i];
            values[i] = (uint)code < (uint)map.Length ? map[code] : 0;
        }
        return hasNulls;
    }
}
