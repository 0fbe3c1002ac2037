namespace Synth.Core.Schema;

/// <summary>Builds readable JSON paths: <c>$.income.std</c>, <c>$['my field'].min</c>, <c>$.status.probabilities[2]</c>.</summary>
internal static class JsonPath
{
    public static string Child(string parent, string key)
    {
        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return $"{parent}['{key.Replace("'", "\\'", StringComparison.Ordinal)}']";
        }
        return key.Length == 0 ? $"{parent}['']" : $"{parent}.{key}";
    }

    public static string Index(string parent, int index) => $"{parent}[{index}]";
}
