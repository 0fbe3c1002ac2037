using System.Numerics;

namespace Synth.Core.Expressions.Kernels;

/// <summary>
/// An element-wise operation on two numbers. Implemented by structs so that
/// <see cref="BinaryNode{TOp}"/> is specialised per operation by the JIT: no delegate call per row.
/// </summary>
internal interface IBinaryOp
{
    /// <summary>True when finite operands can give NaN or ±∞ (overflow, x / 0); the node then nulls such rows.</summary>
    static abstract bool CanLeaveFinite { get; }

    /// <summary>True when the <see cref="Vector{T}"/> overload is implemented.</summary>
    static abstract bool IsVectorized { get; }

    static abstract double Apply(double left, double right);

    static abstract Vector<double> Apply(Vector<double> left, Vector<double> right);
}
