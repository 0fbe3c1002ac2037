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
    private readonly Lazy<Utf8List> _cities, _streetNames, _companies;

    private LocaleData(string locale)
    {
        Locale = locale;
        FirstNames = new Utf8List(Strings("name", "first_name").Concat(Strings("name", "male_first_name")).Concat(Strings("name", "female_first_name")));
        LastNames = new Utf8List(Strings("name", "last_name"));
        (FirstNamesFolded, FirstFoldedIndex) = Fold(FirstNames, locale);
        (LastNamesFolded, LastFoldedIndex) = Fold(LastNames, locale);
        Countries = new Utf8List(Strings("address", "country"));
        Words = new Utf8List(Strings("lorem", "words"));
        DomainSuffixes = new Utf8List(Strings("internet", "domain_suffix"));
        FreeEmailDomains = new Utf8List(Strings("internet", "free_email"));
        PhoneFormats = Strings("phone_number", "formats").Select(StringTemplate.FromLocaleFormat).ToArray();
        PostcodeFormats = Strings("address", "postcode").Select(StringTemplate.FromLocaleFormat).ToArray();
        BuildingNumbers = Strings("address", "building_number").Select(StringTemplate.FromLocaleFormat).ToArray();

        // Pools cost a few hundred milliseconds of Bogus calls: built only for schemas that use them.
        _cities = new Lazy<Utf8List>(() => Pool(f => f.Address.City()));
        _streetNames = new Lazy<Utf8List>(() => Pool(f => f.Address.StreetName()));
        _companies = new Lazy<Utf8List>(() => Pool(f => f.Company.CompanyName()));
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

    public Utf8List Cities => _cities.Value;

    public Utf8List StreetNames => _streetNames.Value;

    public Utf8List Companies => _companies.Value;

    public Utf8List Words { get; }

    public Utf8List DomainSuffixes { get; }

    public Utf8List FreeEmailDomains { get; }

    public StringTemplate[] PhoneFormats { get; }

    public StringTemplate[] PostcodeFormats { get; }

    public StringTemplate[] BuildingNumbers { get; }

    /// <summary>The folded spellings of a list, and for each entry the index of its folded spelling.</summary>
    private static (Utf8List Folded, int[] IndexOf) Fold(Utf8List names, string locale)
    {
        var folded = names.Strings.Select(n => EmailLocalPart.Fold(n, locale)).ToArray();
        var list = new Utf8List(folded);
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Strings.Length; i++) position[list.Strings[i]] = i;
        return (list, folded.Select(f => position[f]).ToArray());
    }

    /// <summary>A fixed-seed pool of a composite value; the seed is fixed so output never depends on Bogus' global state.</summary>
    private Utf8List Pool(Func<Faker, string> make)
    {
        var faker = new Faker(Locale) { Random = new Randomizer(20240101) };
        return new Utf8List(Enumerable.Range(0, PoolSize).Select(_ => make(faker)));
    }

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
