namespace Synth.Core.Expressions.Integers;

/// <summary>One value and null buffer per node of an <see cref="IntegerExpression"/>, for one thread.</summary>
internal sealed class IntegerScratch
{
    public IntegerScratch(int nodes, int capacity)
    {
        Values = new long[nodes][];
        Nulls = new bool[nodes][];
        for (var i = 0; i < nodes; i++)
        {
            Values[i] = new long[capacity];
            Nulls[i] = new bool[capacity];
        }
    }

    public long[][] Values { get; }

    public bool[][] Nulls { get; }
}
