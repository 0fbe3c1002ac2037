using System.Globalization;
using System.Text;

namespace Synth.Core.Schema;

/// <summary>
/// Builds readable JSON paths: <c>$.income.std</c>, <c>$['my field'].min</c>, <c>$.status.probabilities[2]</c>.
/// A key is shown escaped (control characters as <c>\uXXXX</c>) and cut after
/// <see cref="MaxKeyShown"/> characters, so that an error line stays one short line whatever the key.
/// </summary>
internal static class JsonPath
{
    private const int MaxKeyShown = 100;

    public static string Child(string parent, string key)
    {
        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return $"{parent}['{Escaped(key)}']";
        }
        return key.Length == 0 ? $"{parent}['']" : key.Length > MaxKeyShown ? $"{parent}['{Escaped(key)}']" : $"{parent}.{key}";
    }

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    private static string Escaped(string key)
    {
        var text = new StringBuilder();
        foreach (var c in key.Length > MaxKeyShown ? key.AsSpan(0, MaxKeyShown) : key)
        {
            if (c == '\'') text.Append("\\'");
            else if (char.IsControl(c)) text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else text.Append(c);
        }
        if (key.Length > MaxKeyShown) text.Append("…(").Append(key.Length.ToString(CultureInfo.InvariantCulture)).Append(" characters)");
        return text.ToString();
    }
}
