using System.Globalization;
using System.Text;

namespace Synth.Cli.Tests;

/// <summary>Input files for the fit and sample tests: a slice of Adult with its Private-PGM domain, and a small mixed table with a Synth domain.</summary>
internal static class SynthesisData
{
    public static readonly string[] AdultColumns =
    [
        "age", "workclass", "fnlwgt", "education-num", "marital-status", "occupation", "relationship", "race", "sex",
        "capital-gain", "capital-loss", "hours-per-week", "native-country", "income>50K",
    ];

    public static readonly string[] Cities = ["Paris, FR", "Lyon", "Say \"hi\"", "Nice"];

    /// <summary>
    /// The directory holding adult.csv and adult-domain.json: SYNTH_ADULT_DIR, else shared/data/adult
    /// in a directory above the tests (the workplace's ../shared). Missing data fails the test
    /// with how to fix it, rather than skipping it silently.
    /// </summary>
    public static string AdultDirectory()
    {
        if (Environment.GetEnvironmentVariable("SYNTH_ADULT_DIR") is { Length: > 0 } configured) return configured;
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "data", "adult");
            if (File.Exists(Path.Combine(candidate, "adult.csv"))) return candidate;
        }
        Assert.Fail($"The Adult data (shared/data/adult/adult.csv and adult-domain.json) was not found above {AppContext.BaseDirectory}; " +
            "put it there or set SYNTH_ADULT_DIR to its directory.");
        return "";
    }

    public static string AdultDomain() => Path.Combine(AdultDirectory(), "adult-domain.json");

    /// <summary>Writes the header and the first <paramref name="rows"/> rows of adult.csv into <paramref name="dir"/>.</summary>
    public static string AdultSlice(TempDirectory dir, int rows)
    {
        var lines = File.ReadLines(Path.Combine(AdultDirectory(), "adult.csv")).Take(rows + 1);
        return dir.Write("adult-slice.csv", string.Join("\n", lines) + "\n");
    }

    /// <summary>
    /// Every column kind: an identifier, categories that need CSV quoting plus one unlisted value
    /// (into "other") and missing ones, integers, floats with missing values, dates, free text.
    /// </summary>
    public static string MixedCsv(TempDirectory dir, int rows = 400)
    {
        var text = new StringBuilder("id,city,age,income,joined,note\n");
        for (var i = 0; i < rows; i++)
        {
            var city = i % 7 == 0 ? "" : i == 5 ? "Berlin" : Quote(Cities[i % Cities.Length]);
            var age = 18 + i * 37 % 70;
            var income = i % 5 == 0 ? "" : (i * 1234.5 % 150_000).ToString("R", CultureInfo.InvariantCulture);
            var joined = new DateTime(2020, 1, 1).AddDays(i * 3 % 1400).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{1000 + i},{city},{age},{income},{joined},free text {i}\n");
        }
        return dir.Write("mixed.csv", text.ToString());
    }

    public static string MixedDomain(TempDirectory dir) => dir.Write("mixed-domain.json", """
        {"columns": [
          {"name": "id", "kind": "Identifier"},
          {"name": "city", "kind": "Categorical", "categories": ["Paris, FR", "Lyon", "Say \"hi\"", "Nice"], "other": true, "missing": true},
          {"name": "age", "kind": "Integer", "min": "18", "max": "87", "bins": 10},
          {"name": "income", "kind": "Continuous", "min": "0", "max": "150000", "bins": 12, "missing": true},
          {"name": "joined", "kind": "Datetime", "min": "2020-01-01T00:00:00Z", "max": "2023-12-31T00:00:00Z", "bins": 16},
          {"name": "note", "kind": "Text"}
        ]}
        """);

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
