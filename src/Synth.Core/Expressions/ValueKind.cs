namespace Synth.Core.Expressions;

/// <summary><see cref="ExprType"/> plus the type of the literal <c>null</c>, which only the binder sees.</summary>
internal enum ValueKind
{
    Number,
    Boolean,
    String,
    Null,
}
