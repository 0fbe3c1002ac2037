using AnyAscii;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Text;

/// <summary>
/// Folds a name to what can stand in an e-mail address: "Zoë O'Brien" → "zoeobrien", "Александр"
/// → "aleksandr", "서연" → "seoyeon". Every script is transliterated to Latin letters (AnyAscii);
/// Japanese names are read the Japanese way, which a character-by-character transliteration
/// (Mandarin readings for kanji) gets wrong.
/// </summary>
public static class EmailLocalPart
{
    // Hepburn readings of the kanji names in Bogus' "ja" locale (its whole list).
    private static readonly Dictionary<string, string> JapaneseReadings = new(StringComparer.Ordinal)
    {
        ["大翔"] = "hiroto", ["蓮"] = "ren", ["颯太"] = "sota", ["樹"] = "itsuki", ["大和"] = "yamato", ["陽翔"] = "haruto",
        ["陸斗"] = "rikuto", ["太一"] = "taichi", ["海翔"] = "kaito", ["蒼空"] = "sora", ["翼"] = "tsubasa", ["陽菜"] = "hina",
        ["結愛"] = "yua", ["結衣"] = "yui", ["杏"] = "an", ["莉子"] = "riko", ["美羽"] = "miu", ["結菜"] = "yuna",
        ["心愛"] = "kokoa", ["愛菜"] = "mana", ["美咲"] = "misaki",
        ["佐藤"] = "sato", ["鈴木"] = "suzuki", ["高橋"] = "takahashi", ["田中"] = "tanaka", ["渡辺"] = "watanabe",
        ["伊藤"] = "ito", ["山本"] = "yamamoto", ["中村"] = "nakamura", ["小林"] = "kobayashi", ["加藤"] = "kato",
        ["吉田"] = "yoshida", ["山田"] = "yamada", ["佐々木"] = "sasaki", ["山口"] = "yamaguchi", ["斎藤"] = "saito",
        ["松本"] = "matsumoto", ["井上"] = "inoue", ["木村"] = "kimura", ["林"] = "hayashi", ["清水"] = "shimizu",
    };

    public static string Fold(string name) => Fold(name, locale: "");

    /// <summary>The name as lower-case ASCII letters and digits; "user" when nothing is left (a name of symbols only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Fold(string name, string locale)
    {
        if (locale.StartsWith("ja", StringComparison.Ordinal) && JapaneseReadings.TryGetValue(name, out var reading)) return reading;
        var latin = name.Transliterate();
        var folded = string.Concat(latin.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant));
        return folded.Length > 0 ? folded : "user";
    }
}
