namespace Synth.Core.Expressions;

/// <summary>
/// A name: a field of the table, or the built-in <c>row</c> (global row index) when no field
/// has that name. Written bare (<c>income</c>) or in backticks for any other name (<c>`first name`</c>).
/// </summary>
public sealed class NameReference(string name, int position) : Expression(position)
{
    public string Name { get; } = name;

    public override string ToString() => ExpressionLexer.IsPlainIdentifier(Name) && !ExpressionLexer.IsKeyword(Name) ? Name : $"`{Name}`";
}
