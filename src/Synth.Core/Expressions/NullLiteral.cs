namespace Synth.Core.Expressions;

/// <summary>
/// <c>null</c>: allowed only in <c>x == null</c> / <c>x != null</c> tests and as a branch of
/// <c>?:</c> or <c>if()</c>.
/// </summary>
public sealed class NullLiteral(int position) : Expression(position)
{
    public override string ToString() => "null";
}
