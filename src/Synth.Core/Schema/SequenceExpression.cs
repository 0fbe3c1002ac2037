using Synth.Core.Expressions;

namespace Synth.Core.Schema;

/// <summary>
/// Recognises expressions that are a counter plus a constant (<c>row + 1</c>, <c>child</c>): such
/// a field takes a different value on every row (or every child of a parent), which is what a
/// key needs and what can be checked without generating anything.
/// </summary>
internal static class SequenceExpression
{
    /// <summary>True when <paramref name="spec"/> is an int field whose expression is <paramref name="counter"/> ± a whole number.</summary>
    public static bool Counts(FieldSpec spec, string counter)
    {
        if (spec.Type != FieldType.Int || spec.Expression is null || spec.NullRate > 0 || spec.Min is not null || spec.Max is not null) return false;
        Expression parsed;
        try
        {
            parsed = ExpressionParser.Parse(spec.Expression);
        }
        catch (ExpressionException)
        {
            return false;
        }
        return parsed switch
        {
            NameReference name => name.Name == counter,
            BinaryExpression { Operator: BinaryOperator.Add or BinaryOperator.Subtract } b =>
                b.Left is NameReference l && l.Name == counter && IsWhole(b.Right)
                || b.Operator == BinaryOperator.Add && b.Right is NameReference r && r.Name == counter && IsWhole(b.Left),
            _ => false,
        };
    }

    private static bool IsWhole(Expression e) => e is NumberLiteral n && n.Value == Math.Floor(n.Value) && Math.Abs(n.Value) < 1e15;
}
