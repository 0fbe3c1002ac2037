using System.Numerics;

namespace Synth.Core.Expressions.Kernels;

/// <summary>An element-wise operation on one number; see <see cref="IBinaryOp"/>.</summary>
internal interface IUnaryOp
{
    /// <summary>True when a finite operand can give NaN or ±∞ (sqrt(-1), log(0), exp(1000)).</summary>
    static abstract bool CanLeaveFinite { get; }

    static abstract bool IsVectorized { get; }

    static abstract double Apply(double value);

    static abstract Vector<double> Apply(Vector<double> value);
}
