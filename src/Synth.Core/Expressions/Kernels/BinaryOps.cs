using System.Numerics;

namespace Synth.Core.Expressions.Kernels;

/// <summary>
/// The binary operations, grouped in one file because each is two one-liners; comparisons
/// give 1 or 0.
/// </summary>
internal static class BinaryOps
{
    public struct Add : IBinaryOp
    {
        public static bool CanLeaveFinite => true;
        public static bool IsVectorized => true;
        public static double Apply(double left, double right) => left + right;
        public static Vector<double> Apply(Vector<double> left, Vector<double> right) => left + right;
    }

    public struct Subtract : IBinaryOp
    {
        public static bool CanLeaveFinite => true;
        public static bool IsVectorized => true;
        public static double Apply(double left, double right) => left - right;
        public static Vector<double> Apply(Vector<double> left, Vector<double> right) => left - right;
    }

    public struct Multiply : IBinaryOp
    {
        public static bool CanLeaveFinite => true;
        public static bool IsVectorized => true;
        public static double Apply(double left, double right) => left * right;
        public static Vector<double> Apply(Vector<double> left, Vector<double> right) => left * right;
    }

    public struct Divide : IBinaryOp
    {
        public static bool CanLeaveFinite => true;
        public static bool IsVectorized => true;
        public static double Apply(double left, double right) => left / right;
        public static Vector<double> Apply(Vector<double> left, Vector<double> right) => left / right;
    }

    /// <summary>Remainder with the sign of the dividend (C's fmod); x % 0 is NaN, hence null.</summary>
    public struct Modulo : IBinaryOp
    {
        public static bool CanLeaveFinite => true;
        public static bool IsVectorized => false;
        public static double Apply(double left, double right) => left % right;
        public static Vector<double> Apply(Vector<double> left, Vector<double> right) => throw new NotSupportedException();
    }

    public struct Power : IBinaryOp
    {
        public static bool CanLeaveFinite => true;
        public static bool IsVectorized => false;
        public static double Apply(double left, double right) => Math.Pow(left, right);
        public static Vector<double> Apply(Vector<double> left, Vector<double> right) => throw new NotSupportedException();
    }

    /// <summary>
    /// round(x, digits): halves away from zero; digits are truncated to an integer and may be
    /// negative (round(1234, -2) = 1200); outside -15..15 the result is NaN, hence null.
    /// </summary>
    public struct RoundToDigits : IBinaryOp
    {
        public static bool CanLeaveFinite => true;
        public static bool IsVectorized => false;

        public static double Apply(double left, double right)
        {
            var digits = Math.Truncate(right);
            if (!(digits is >= -15 and <= 15))
            {
                return double.NaN;
            }
            if (digits >= 0)
            {
                return Math.Round(left, (int)digits, MidpointRounding.AwayFromZero);
            }
            var scale = Math.Pow(10, -digits);
            return Math.Round(left / scale, MidpointRounding.AwayFromZero) * scale;
        }

        public static Vector<double> Apply(Vector<double> left, Vector<double> right) => throw new NotSupportedException();
    }

    public struct Minimum : IBinaryOp
    {
        public static bool CanLeaveFinite => false;
        public static bool IsVectorized => true;
        public static double Apply(double left, double right) => Math.Min(left, right);
        public static Vector<double> Apply(Vector<double> left, Vector<double> right) => Vector.Min(left, right);
    }

    public struct Maximum : IBinaryOp
    {
        public static bool CanLeaveFinite => false;
        public static bool IsVectorized => true;
        public static double Apply(double left, double right) => Math.Max(left, right);
        public static Vector<double> Apply(Vector<double> left, Vector<double> right) => Vector.Max(left, right);
    }

    public struct Less : IBinaryOp
    {
        public static bool CanLeaveFinite => false;
        public static bool IsVectorized => true;
        public static double Apply(double left, double right) => left < right ? 1 : 0;
        public static Vector<double> Apply(Vector<double> left, Vector<double> right) =>
            Vector.ConditionalSelect(Vector.LessThan(left, right), Vector<double>.One, Vector<double>.Zero);
    }

    public struct LessOrEqual : IBinaryOp
    {
        public static bool CanLeaveFinite => false;
        public static bool IsVectorized => true;
        public static double Apply(double left, double right) => left <= right ? 1 : 0;
        public static Vector<double> Apply(Vector<double> left, Vector<double> right) =>
            Vector.ConditionalSelect(Vector.LessThanOrEqual(left, right), Vector<double>.One, Vector<double>.Zero);
    }

    public struct Greater : IBinaryOp
    {
        public static bool CanLeaveFinite => false;
        public static bool IsVectorized => true;
        public static double Apply(double left, double right) => left > right ? 1 : 0;
        public static Vector<double> Apply(Vector<double> left, Vector<double> right) =>
            Vector.ConditionalSelect(Vector.GreaterThan(left, right), Vector<double>.One, Vector<double>.Zero);
    }

    public struct GreaterOrEqual : IBinaryOp
    {
        public static bool CanLeaveFinite => false;
        public static bool IsVectorized => true;
        public static double Apply(double left, double right) => left >= right ? 1 : 0;
        public static Vector<double> Apply(Vector<double> left, Vector<double> right) =>
            Vector.ConditionalSelect(Vector.GreaterThanOrEqual(left, right), Vector<double>.One, Vector<double>.Zero);
    }

    public struct Equal : IBinaryOp
    {
        public static bool CanLeaveFinite => false;
        public static bool IsVectorized => true;
        public static double Apply(double left, double right) => left == right ? 1 : 0;
        public static Vector<double> Apply(Vector<double> left, Vector<double> right) =>
            Vector.ConditionalSelect(Vector.Equals(left, right), Vector<double>.One, Vector<double>.Zero);
    }

    public struct NotEqual : IBinaryOp
    {
        public static bool CanLeaveFinite => false;
        public static bool IsVectorized => true;
        public static double Apply(double left, double right) => left != right ? 1 : 0;
        public static Vector<double> Apply(Vector<double> left, Vector<double> right) =>
            Vector.ConditionalSelect(Vector.Equals(left, right), Vector<double>.Zero, Vector<double>.One);
    }
}
