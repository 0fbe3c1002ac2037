namespace Synth.Core.Expressions;

/// <summary>The type of an expression's result.</summary>
public enum ExprType
{
    /// <summary>A finite double. Integers, timestamps (Unix seconds) and dates (days since epoch) are numbers too.</summary>
    Number,

    /// <summary>true/false, evaluated as 1/0.</summary>
    Boolean,

    /// <summary>One of a set of labels known at compile time (<see cref="CompiledExpression.StringResults"/>), evaluated as its index.</summary>
    String,
}
