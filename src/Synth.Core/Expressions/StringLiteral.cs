using System.Text;

namespace Synth.Core.Expressions;

/// <summary>A quoted label such as <c>"active"</c> or <c>'active'</c>, escapes already resolved.</summary>
public sealed class StringLiteral(string value, int position) : Expression(position)
{
    public string Value { get; } = value;

    public override string ToString() => Quote(Value);

    internal static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                text.Append('\\');
            }
            text.Append(c);
        }
        return text.Append('"').ToString();
    }
}
