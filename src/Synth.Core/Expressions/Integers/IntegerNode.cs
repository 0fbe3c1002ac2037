using Synth.Core.Data;
using System.Runtime.CompilerServices;

namespace Synth.Core.Expressions.Integers;

/// <summary>
/// A node of an <see cref="IntegerExpression"/>: computes a whole batch into its own buffers
/// (<see cref="Id"/>). Returns true when its null mask is valid and may hold nulls.
/// </summary>
internal abstract class IntegerNode(int id)
{
    public int Id { get; } = id;

    public abstract bool Evaluate(RowBatch batch, int count, IntegerScratch scratch);

    /// <summary>Null where either operand is; returns whether any row is.</summary>
    protected bool Merge(IntegerScratch s, int count, bool leftNulls, IntegerNode left, bool rightNulls, IntegerNode right)
    {
        var nulls = s.Nulls[Id].AsSpan(0, count);
        if (!leftNulls && !rightNulls)
        {
            nulls.Clear();
            return false;
        }
        for (var i = 0; i < count; i++)
        {
            nulls[i] = leftNulls && s.Nulls[left.Id][i] || rightNulls && s.Nulls[right.Id][i];
        }
        return true;
    }

    internal sealed class Constant(int id, long value) : IntegerNode(id)
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override bool Evaluate(RowBatch batch, int count, IntegerScratch s)
        {
            s.Values[Id].AsSpan(0, count).Fill(value);
            return false;
        }
    }

    internal sealed class Row(int id) : IntegerNode(id)
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override bool Evaluate(RowBatch batch, int count, IntegerScratch s)
        {
            var values = s.Values[Id];
            var first = batch.FirstRow;
            for (var i = 0; i < count; i++) values[i] = first + i;
            return false;
        }
    }

    internal sealed class Column(int id, int ordinal) : IntegerNode(id)
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override bool Evaluate(RowBatch batch, int count, IntegerScratch s)
        {
            var column = (Int64Vector)batch.Columns[ordinal];
            column.Values.AsSpan(0, count).CopyTo(s.Values[Id]);
            if (!column.HasNulls) return false;
            column.Nulls.AsSpan(0, count).CopyTo(s.Nulls[Id]);
            return true;
        }
    }

    internal sealed class Negate(int id, IntegerNode operand) : IntegerNode(id)
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override bool Evaluate(RowBatch batch, int count, IntegerScratch s)
        {
            var hasNulls = operand.Evaluate(batch, count, s);
            var (x, values, nulls) = (s.Values[operand.Id], s.Values[Id], s.Nulls[Id]);
            var any = false;
            for (var i = 0; i < count; i++)
            {
                var isNull = hasNulls && s.Nulls[operand.Id][i] || x[i] == long.MinValue;
                values[i] = isNull ? 0 : -x[i];
                nulls[i] = isNull;
                any |= isNull;
            }
            return any;
        }
    }

    internal sealed class Absolute(int id, IntegerNode operand) : IntegerNode(id)
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override bool Evaluate(RowBatch batch, int count, IntegerScratch s)
        {
            var hasNulls = operand.Evaluate(batch, count, s);
            var (x, values, nulls) = (s.Values[operand.Id], s.Values[Id], s.Nulls[Id]);
            var any = false;
            for (var i = 0; i < count; i++)
            {
                var isNull = hasNulls && s.Nulls[operand.Id][i] || x[i] == long.MinValue;
                values[i] = isNull ? 0 : Math.Abs(x[i]);
                nulls[i] = isNull;
                any |= isNull;
            }
            return any;
        }
    }

    internal sealed class Arithmetic(int id, BinaryOperator op, IntegerNode left, IntegerNode right) : IntegerNode(id)
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override bool Evaluate(RowBatch batch, int count, IntegerScratch s)
        {
            var leftNulls = left.Evaluate(batch, count, s);
            var rightNulls = right.Evaluate(batch, count, s);
            var any = Merge(s, count, leftNulls, left, rightNulls, right);
            var (a, b, values, nulls) = (s.Values[left.Id], s.Values[right.Id], s.Values[Id], s.Nulls[Id]);
            for (var i = 0; i < count; i++)
            {
                var (x, y) = (a[i], b[i]);
                long r;
                bool overflow;
                switch (op)
                {
                    case BinaryOperator.Add:
                        r = unchecked(x + y);
                        overflow = ((x ^ r) & (y ^ r)) < 0;
                        break;
                    case BinaryOperator.Subtract:
                        r = unchecked(x - y);
                        overflow = ((x ^ y) & (x ^ r)) < 0;
                        break;
                    case BinaryOperator.Multiply:
                        var high = Math.BigMul(x, y, out r);
                        overflow = high != r >> 63;
                        break;
                    default:
                        // The sign of the dividend, as in the general evaluator; % 0 is null; MinValue % -1 is 0, not a fault.
                        overflow = y == 0;
                        r = y is 0 or -1 ? 0 : x % y;
                        break;
                }
                if (overflow)
                {
                    nulls[i] = true;
                    any = true;
                    r = 0;
                }
                else if (any && nulls[i])
                {
                    r = 0;
                }
                values[i] = r;
            }
            return any;
        }
    }

    internal sealed class Extremum(int id, bool max, IntegerNode[] arguments) : IntegerNode(id)
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override bool Evaluate(RowBatch batch, int count, IntegerScratch s)
        {
            var values = s.Values[Id].AsSpan(0, count);
            var nulls = s.Nulls[Id].AsSpan(0, count);
            var any = arguments[0].Evaluate(batch, count, s);
            s.Values[arguments[0].Id].AsSpan(0, count).CopyTo(values);
            if (any) s.Nulls[arguments[0].Id].AsSpan(0, count).CopyTo(nulls);
            else nulls.Clear();
            for (var a = 1; a < arguments.Length; a++)
            {
                var argument = arguments[a];
                var argumentNulls = argument.Evaluate(batch, count, s);
                var x = s.Values[argument.Id];
                for (var i = 0; i < count; i++)
                {
                    values[i] = max ? Math.Max(values[i], x[i]) : Math.Min(values[i], x[i]);
                    if (argumentNulls && s.Nulls[argument.Id][i]) nulls[i] = true;
                }
                any |= argumentNulls;
            }
            if (any)
            {
                for (var i = 0; i < count; i++)
                {
                    if (nulls[i]) values[i] = 0;
                }
            }
            return any;
        }
    }
}
