using System.Numerics;

namespace Synth.Core.Expressions.Kernels;

/// <summary>The unary operations and one-argument functions, grouped like <see cref="BinaryOps"/>.</summary>
internal static class UnaryOps
{
    public struct Negate : IUnaryOp
    {
        public static bool CanLeaveFinite => false;
        public static bool IsVectorized => true;
        public static double Apply(double value) => -value;
        public static Vector<double> Apply(Vector<double> value) => -value;
    }

    /// <summary>Booleans are 1/0, so not is 1 - x.</summary>
    public struct Not : IUnaryOp
    {
        public static bool CanLeaveFinite => false;
        public static bool IsVectorized => true;
        public static double Apply(double value) => 1 - value;
        public static Vector<double> Apply(Vector<double> value) => Vector<double>.One - value;
    }

    public struct Abs : IUnaryOp
    {
        public static bool CanLeaveFinite => false;
        public static bool IsVectorized => true;
        public static double Apply(double value) => Math.Abs(value);
        public static Vector<double> Apply(Vector<double> value) => Vector.Abs(value);
    }

    public struct Floor : IUnaryOp
    {
        public static bool CanLeaveFinite => false;
        public static bool IsVectorized => true;
        public static double Apply(double value) => Math.Floor(value);
        public static Vector<double> Apply(Vector<double> value) => Vector.Floor(value);
    }

    public struct Ceiling : IUnaryOp
    {
        public static bool CanLeaveFinite => false;
        public static bool IsVectorized => true;
        public static double Apply(double value) => Math.Ceiling(value);
        public static Vector<double> Apply(Vector<double> value) => Vector.Ceiling(value);
    }

    /// <summary>Halves away from zero (round(2.5) = 3, round(-2.5) = -3), as spreadsheets and SQL do.</summary>
    public struct Round : IUnaryOp
    {
        public static bool CanLeaveFinite => false;
        public static bool IsVectorized => false;
        public static double Apply(double value) => Math.Round(value, MidpointRounding.AwayFromZero);
        public static Vector<double> Apply(Vector<double> value) => throw new NotSupportedException();
    }

    public struct Sqrt : IUnaryOp
    {
        public static bool CanLeaveFinite => true;
        public static bool IsVectorized => true;
        public static double Apply(double value) => Math.Sqrt(value);
        public static Vector<double> Apply(Vector<double> value) => Vector.SquareRoot(value);
    }

    /// <summary>Natural logarithm.</summary>
    public struct Log : IUnaryOp
    {
        public static bool CanLeaveFinite => true;
        public static bool IsVectorized => false;
        public static double Apply(double value) => Math.Log(value);
        public static Vector<double> Apply(Vector<double> value) => throw new NotSupportedException();
    }

    public struct Exp : IUnaryOp
    {
        public static bool CanLeaveFinite => true;
        public static bool IsVectorized => false;
        public static double Apply(double value) => Math.Exp(value);
        public static Vector<double> Apply(Vector<double> value) => throw new NotSupportedException();
    }
}
