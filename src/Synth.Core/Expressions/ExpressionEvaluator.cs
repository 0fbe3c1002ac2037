using Synth.Core.Data;
using Synth.Core.Expressions.Kernels;

namespace Synth.Core.Expressions;

/// <summary>
/// Runs a <see cref="CompiledExpression"/> over batches. Holds the scratch buffers, so use one
/// per worker thread (<see cref="CompiledExpression.CreateEvaluator"/>); after construction,
/// evaluating allocates nothing.
/// </summary>
public sealed class ExpressionEvaluator
{
    private readonly EvalNode _root;

    internal ExpressionEvaluator(EvalNode root, int slotCount, int capacity, bool ownsOutput)
    {
        _root = root;
        Capacity = capacity;
        Values = new double[slotCount][];
        Nulls = new bool[slotCount][];
        // Slot 0 is the root's: Evaluate lends it the caller's arrays, so the result is written in place.
        for (var slot = ownsOutput ? 0 : 1; slot < slotCount; slot++)
        {
            Values[slot] = new double[capacity];
            Nulls[slot] = new bool[capacity];
        }
    }

    /// <summary>Most rows a batch may have.</summary>
    public int Capacity { get; }

    /// <summary>Scratch values per slot; see <see cref="EvalNode"/>.</summary>
    internal double[][] Values { get; }

    /// <summary>Scratch null masks per slot.</summary>
    internal bool[][] Nulls { get; }

    /// <summary>The batch being evaluated.</summary>
    internal RowBatch Batch { get; private set; } = null!;

    /// <summary>
    /// Computes rows <c>0 .. batch.Count - 1</c>: a number, 1/0 for a Boolean, or for a String
    /// the index into <see cref="CompiledExpression.StringResults"/>. <paramref name="nulls"/>[i]
    /// is set for null rows, whose value is 0. The batch must have the layout the expression
    /// was compiled against, with the referenced fields already filled.
    /// </summary>
    /// <returns>True when at least one row is null.</returns>
    public bool Evaluate(RowBatch batch, double[] values, bool[] nulls)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(nulls);
        var count = batch.Count;
        if ((uint)count > (uint)Capacity)
        {
            throw new ArgumentException($"The batch has {count} rows; this evaluator was created for at most {Capacity}.", nameof(batch));
        }
        if (values.Length < count || nulls.Length < count)
        {
            throw new ArgumentException($"The output arrays must hold at least {count} rows.", values.Length < count ? nameof(values) : nameof(nulls));
        }

        Values[0] = values;
        Nulls[0] = nulls;
        Batch = batch;
        try
        {
            return Finish(_root.Evaluate(this, count), values.AsSpan(0, count), nulls.AsSpan(0, count));
        }
        finally
        {
            Values[0] = null!;
            Nulls[0] = null!;
            Batch = null!;
        }
    }

    /// <summary>Evaluates a subtree that reads no field, for constant folding.</summary>
    internal (double Value, bool IsNull) EvaluateConstant()
    {
        var hasNulls = _root.Evaluate(this, 1);
        return hasNulls && Nulls[_root.Slot][0] ? (0, true) : (Values[_root.Slot][0], false);
    }

    private static bool Finish(bool hasNulls, Span<double> values, Span<bool> nulls)
    {
        if (!hasNulls || !nulls.Contains(true))
        {
            nulls.Clear();
            return false;
        }
        // Zero null rows so that output never depends on scratch left over from earlier batches.
        for (var i = 0; i < nulls.Length; i++)
        {
            if (nulls[i])
            {
                values[i] = 0;
            }
        }
        return true;
    }
}
