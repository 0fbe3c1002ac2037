using Synth.Core.Data;

namespace Synth.Core.Expressions.Integers;

/// <summary>
/// Exact 64-bit evaluation of an integer expression: integer fields, <c>row</c>, whole literals,
/// <c>+ - * %</c>, unary minus, <c>abs</c>, <c>min</c>, <c>max</c>, <c>clamp</c>. The general evaluator
/// computes in doubles, which are exact only up to 2^53; an int field whose expression stays in
/// this subset is computed here instead, so ids such as <c>row + 1</c> or <c>order_id * 100 + child</c>
/// keep every digit. Results agree with the double evaluation wherever that is exact; an overflow
/// of 64 bits gives null, as an infinite double does there.
/// </summary>
internal sealed class IntegerExpression
{
    private readonly IntegerNode _root;
    private readonly int _nodeCount;

    private IntegerExpression(IntegerNode root, int nodeCount) => (_root, _nodeCount) = (root, nodeCount);

    /// <summary>The exact form of <paramref name="expression"/>, or null when it leaves the integer subset.</summary>
    public static IntegerExpression? TryCompile(Expression expression, TableLayout layout)
    {
        var count = 0;
        var root = Build(expression, layout, ref count);
        return root is null ? null : new IntegerExpression(root, count);
    }

    /// <summary>Per-thread buffers for batches of up to <paramref name="capacity"/> rows.</summary>
    public IntegerScratch CreateScratch(int capacity) => new(_nodeCount, capacity);

    /// <summary>Evaluates the batch; values of null rows are 0. Returns true when a row is null.</summary>
    public bool Evaluate(RowBatch batch, IntegerScratch scratch, out long[] values, out bool[] nulls)
    {
        var hasNulls = _root.Evaluate(batch, batch.Count, scratch);
        values = scratch.Values[_root.Id];
        nulls = scratch.Nulls[_root.Id];
        return hasNulls;
    }

    private static IntegerNode? Build(Expression expression, TableLayout layout, ref int count)
    {
        switch (expression)
        {
            case NumberLiteral { Integer: { } whole }:
                return new IntegerNode.Constant(count++, whole);
            case NameReference name:
                for (var c = 0; c < layout.Columns.Count; c++)
                {
                    if (layout.Columns[c].Name != name.Name) continue;
                    return layout.Columns[c].Type == ColumnType.Int64 ? new IntegerNode.Column(count++, c) : null;
                }
                return name.Name == "row" ? new IntegerNode.Row(count++) : null;
            case UnaryExpression { Operator: UnaryOperator.Negate } unary:
                return Build(unary.Operand, layout, ref count) is { } operand ? new IntegerNode.Negate(count++, operand) : null;
            case BinaryExpression binary when binary.Operator is BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply or BinaryOperator.Modulo:
            {
                var left = Build(binary.Left, layout, ref count);
                var right = left is null ? null : Build(binary.Right, layout, ref count);
                return right is null ? null : new IntegerNode.Arithmetic(count++, binary.Operator, left!, right);
            }
            case CallExpression { Function: "abs", Arguments.Count: 1 } call:
                return Build(call.Arguments[0], layout, ref count) is { } x ? new IntegerNode.Absolute(count++, x) : null;
            case CallExpression { Function: "min" or "max" or "clamp" } call when call.Arguments.Count >= 2:
            {
                if (call.Function == "clamp" && call.Arguments.Count != 3) return null;
                var arguments = new IntegerNode[call.Arguments.Count];
                for (var i = 0; i < arguments.Length; i++)
                {
                    if (Build(call.Arguments[i], layout, ref count) is not { } argument) return null;
                    arguments[i] = argument;
                }
                if (call.Function != "clamp") return new IntegerNode.Extremum(count++, call.Function == "max", arguments);
                // clamp(x, lo, hi) = min(max(x, lo), hi), as the general evaluator defines it.
                var floor = new IntegerNode.Extremum(count++, max: true, [arguments[0], arguments[1]]);
                return new IntegerNode.Extremum(count++, max: false, [floor, arguments[2]]);
            }
            default:
                return null;
        }
    }
}
