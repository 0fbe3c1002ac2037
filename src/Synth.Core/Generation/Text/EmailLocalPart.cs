using System.Globalization;
using System.Text;

namespace Synth.Core.Generation.Text;

/// <summary>Folds a name to what can stand in an e-mail address: "Zoë O'Brien" → "zoe", "obrien".</summary>
public static class EmailLocalPart
{
    public static string Fold(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        }
        // Names in non-Latin scripts fold to nothing; an address still needs a local part.
        return sb.Length > 0 ? sb.ToString() : "user";
    }
}
