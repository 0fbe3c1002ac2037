using System.Collections.Concurrent;
using Bogus;
using Bogus.Bson;

namespace Synth.Core.Generation.Text;

/// <summary>
/// Word lists and formats of one locale, taken once from Bogus' locale database. Plain lists
/// (names, countries, words) are read directly; composite values whose locale rules are
/// templates (cities, street names, companies) are drawn once into a fixed pool with a fixed
/// seed, so generation copies bytes and never calls Bogus per row.
/// </summary>
public sealed class LocaleData
{
    private const int PoolSize = 4096;
    private static readonly ConcurrentDictionary<string, LocaleData> Cache = new(StringComparer.Ordinal);

    private LocaleData(string locale)
    {
        Locale = locale;
        FirstNames = new Utf8List(Strings("name", "first_name").Concat(Strings("name", "male_first_name")).Concat(Strings("name", "female_first_name")));
        LastNames = new Utf8List(Strings("name", "last_name"));
        FirstNamesFolded = new Utf8List(FirstNames.Strings.Select(EmailLocalPart.Fold).Distinct());
        FirstFoldedIndex = FirstNames.Strings.Select(s => Array.IndexOf(FirstNamesFolded.Strings, EmailLocalPart.Fold(s))).ToArray();
        LastNamesFolded = new Utf8List(LastNames.Strings.Select(EmailLocalPart.Fold).Distinct());
        LastFoldedIndex = LastNames.Strings.Select(s => Array.IndexOf(LastNamesFolded.Strings, EmailLocalPart.Fold(s))).ToArray();
        Countries = new Utf8List(Strings("address", "country"));
        Words = new Utf8List(Strings("lorem", "words"));
        DomainSuffixes = new Utf8List(Strings("internet", "domain_suffix"));
        FreeEmailDomains = new Utf8List(Strings("internet", "free_email"));
        PhoneFormats = Strings("phone_number", "formats").Select(StringTemplate.FromLocaleFormat).ToArray();
        PostcodeFormats = Strings("address", "postcode").Select(StringTemplate.FromLocaleFormat).ToArray();
        BuildingNumbers = Strings("address", "building_number").Select(StringTemplate.FromLocaleFormat).ToArray();

        var faker = new Faker(locale) { Random = new Randomizer(20240101) };
        Cities = new Utf8List(Enumerable.Range(0, PoolSize).Select(_ => faker.Address.City()));
        StreetNames = new Utf8List(Enumerable.Range(0, PoolSize).Select(_ => faker.Address.StreetName()));
        Companies = new Utf8List(Enumerable.Range(0, PoolSize).Select(_ => faker.Company.CompanyName()));
        if (PhoneFormats.Length == 0) PhoneFormats = [StringTemplate.FromLocaleFormat("###-###-####")];
        if (PostcodeFormats.Length == 0) PostcodeFormats = [StringTemplate.FromLocaleFormat("#####")];
        if (BuildingNumbers.Length == 0) BuildingNumbers = [StringTemplate.FromLocaleFormat("###")];
    }

    public string Locale { get; }

    public Utf8List FirstNames { get; }

    public Utf8List LastNames { get; }

    /// <summary>First names folded for e-mail addresses; <see cref="FirstFoldedIndex"/> maps a first-name index to its folded entry.</summary>
    public Utf8List FirstNamesFolded { get; }

    public int[] FirstFoldedIndex { get; }

    public Utf8List LastNamesFolded { get; }

    public int[] LastFoldedIndex { get; }

    public Utf8List Countries { get; }

    public Utf8List Cities { get; }

    public Utf8List StreetNames { get; }

    public Utf8List Companies { get; }

    public Utf8List Words { get; }

    public Utf8List DomainSuffixes { get; }

    public Utf8List FreeEmailDomains { get; }

    public StringTemplate[] PhoneFormats { get; }

    public StringTemplate[] PostcodeFormats { get; }

    public StringTemplate[] BuildingNumbers { get; }

    public static LocaleData For(string locale) => Cache.GetOrAdd(locale, l => new LocaleData(l));

    /// <summary>The locale's list, or English's when the locale has none (Bogus' own fallback rule).</summary>
    private IEnumerable<string> Strings(string category, string path)
    {
        foreach (var locale in new[] { Locale, "en" })
        {
            if (!Database.HasKey(category, path, locale)) continue;
            var value = Database.Get(category, path, locale);
            var items = value is BArray array ? Enumerable.Range(0, array.Count).Select(i => array[i].StringValue).ToArray() : [value.StringValue];
            // Entries that are themselves templates ("#{...}") are not plain values.
            var plain = items.Where(s => !string.IsNullOrEmpty(s) && !s.Contains("#{", StringComparison.Ordinal)).ToArray();
            if (plain.Length > 0) return plain;
        }
        return [];
    }
}
