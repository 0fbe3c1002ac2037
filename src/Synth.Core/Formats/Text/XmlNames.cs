using System.Text;
using System.Xml;

namespace Synth.Core.Formats.Text;

/// <summary>
/// Turns column names into XML element names, deterministically: every character that may not
/// stand in an NCName becomes '_' (colons too, they would mean a namespace prefix; characters
/// beyond the BMP too),
/// a name that starts with a digit, '-', '.' or with the reserved "xml" gets a leading '_', an
/// empty name becomes "_", and a name that collides with an earlier column's gets "_2", "_3", ….
/// </summary>
internal static class XmlNames
{
    public static string[] ElementNames(IReadOnlyList<string> columnNames)
    {
        var names = new string[columnNames.Count];
        var taken = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            var name = Sanitize(columnNames[i]);
            var unique = name;
            for (var suffix = 2; !taken.Add(unique); suffix++)
            {
                unique = name + "_" + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            names[i] = unique;
        }
        return names;
    }

    public static string Sanitize(string name)
    {
        var result = new StringBuilder(name.Length + 1);
        foreach (var rune in name.EnumerateRunes())
        {
            result.Append(IsNameChar(rune) ? rune.ToString() : "_");
        }
        if (result.Length == 0
            || !IsStartChar(Rune.GetRuneAt(result.ToString(), 0))
            || name.StartsWith("xml", StringComparison.OrdinalIgnoreCase))
        {
            result.Insert(0, '_');
        }
        return result.ToString();
    }

    // XML 1.0 fifth edition would allow supplementary characters (emoji, …) in names, but
    // parsers built on the older rules, .NET's among them, reject them, so they are replaced too.
    private static bool IsNameChar(Rune rune) =>
        rune.IsBmp && rune.Value != ':' && XmlConvert.IsNCNameChar((char)rune.Value);

    private static bool IsStartChar(Rune rune) =>
        rune.IsBmp && rune.Value != ':' && XmlConvert.IsStartNCNameChar((char)rune.Value);
}
