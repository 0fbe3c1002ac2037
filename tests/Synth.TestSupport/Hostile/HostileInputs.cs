using System.Text;

namespace Synth.TestSupport.Hostile;

/// <summary>
/// Hostile texts shared by the API and CLI suites: alias bombs, cycles, deep nesting, huge lists,
/// giant strings, numbers no type holds. Each is built deterministically.
/// </summary>
public static class HostileInputs
{
    /// <summary>A YAML alias that refers to itself: a naive reader recurses until the stack overflows.</summary>
    public const string SelfAlias = "&a [*a]";

    /// <summary>A mapping that contains itself through an alias.</summary>
    public const string MappingCycle = "a: &a {b: *a}";

    /// <summary>An alias naming no anchor.</summary>
    public const string UndefinedAlias = "a: *nowhere";

    /// <summary>
    /// The "billion laughs": each level lists the previous one nine times, nine levels deep: about
    /// 400 bytes that expand to 9^10 values.
    /// </summary>
    public static string AliasBomb(int levels = 9, int fanOut = 9)
    {
        var text = new StringBuilder($"a0: &a0 [{string.Join(',', Enumerable.Repeat("lol", fanOut))}]\n");
        for (var i = 1; i <= levels; i++)
        {
            text.Append(FormattableString.Invariant($"a{i}: &a{i} [{string.Join(',', Enumerable.Repeat($"*a{i - 1}", fanOut))}]\n"));
        }
        return text.ToString();
    }

    /// <summary>A bomb whose aliases sit where a schema reads values: fields of one anchored spec, repeated.</summary>
    public static string FieldAliasBomb()
    {
        var text = new StringBuilder("fields:\n  f0: &f0 {type: category, categories: [a, b, c, d, e, f, g, h, i, j]}\n");
        text.Append("  l1: &l1 {type: category, categories: [").Append(string.Join(',', Enumerable.Repeat("*f0", 100))).Append("]}\n");
        text.Append("  l2: &l2 {type: category, categories: [").Append(string.Join(',', Enumerable.Repeat("*l1", 100))).Append("]}\n");
        text.Append("  l3: {type: category, categories: [").Append(string.Join(',', Enumerable.Repeat("*l2", 100))).Append("]}\n");
        return text.ToString();
    }

    public static string DeepFlowYaml(int depth) => new string('[', depth) + new string(']', depth);

    public static string DeepBlockYaml(int depth)
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++) text.Append(' ', i).Append('k').Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(":\n");
        return text.Append(' ', depth).Append("x\n").ToString();
    }

    public static string DeepJsonArrays(int depth) => new string('[', depth) + new string(']', depth);

    public static string DeepJsonObjects(int depth)
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++) text.Append("{\"a\":");
        text.Append('1');
        return text.Append('}', depth).ToString();
    }

    /// <summary>A schema whose one category field lists <paramref name="count"/> labels.</summary>
    public static string ManyCategories(int count)
    {
        var text = new StringBuilder("{\"c\": {\"type\": \"category\", \"categories\": [");
        for (var i = 0; i < count; i++) text.Append(i == 0 ? "" : ",").Append('"').Append('c').Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('"');
        return text.Append("]}}").ToString();
    }

    /// <summary>A schema of <paramref name="count"/> int fields.</summary>
    public static string ManyFields(int count)
    {
        var text = new StringBuilder("{");
        for (var i = 0; i < count; i++) text.Append(i == 0 ? "" : ",").Append("\"f").Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("\": {\"type\": \"int\"}");
        return text.Append('}').ToString();
    }

    /// <summary>A schema whose value list has <paramref name="count"/> numbers (more values than any schema needs).</summary>
    public static string HugeList(int count) =>
        "{\"c\": {\"type\": \"category\", \"categories\": [\"a\"], \"probabilities\": [" + string.Join(',', Enumerable.Repeat("0", count)) + "]}}";

    public static string Field(string spec) => "{\"f\": " + spec + "}";

    /// <summary>Schema texts that must be refused (or, for a few, accepted) without harm; name → text.</summary>
    public static IEnumerable<(string Name, string Text, string? Expect)> Schemas()
    {
        yield return ("yaml-self-alias", SelfAlias, "cycle");
        yield return ("yaml-mapping-cycle", MappingCycle, "cycle");
        yield return ("yaml-undefined-alias", UndefinedAlias, "no anchor");
        yield return ("yaml-alias-bomb", AliasBomb(), "200,000 values");
        yield return ("yaml-field-alias-bomb", FieldAliasBomb(), "200,000 values");
        yield return ("yaml-deep-flow", "a: " + DeepFlowYaml(100_000), "64 levels");
        yield return ("json-like-deep-flow", DeepFlowYaml(100_000), "depth of 64");
        yield return ("yaml-deep-block", DeepBlockYaml(200), "64 levels");
        yield return ("yaml-complex-key", "? {a: 1}\n: x\n", "plain value");
        yield return ("yaml-duplicate-key", "a: {type: int}\na: {type: int}\n", "twice");
        yield return ("yaml-python-tag", "a: !!python/object:os.system {type: int}\n", null);
        yield return ("yaml-merge-key", "base: &b {type: int}\nf: {<<: *b, min: 1}\n", null);
        yield return ("yaml-two-documents", "a: {type: int}\n---\nb: {type: int}\n", null);
        yield return ("yaml-truncated-flow", "a: [1, 2", null);
        yield return ("yaml-tabs", "a:\n\t{type: int}\n", null);
        yield return ("yaml-huge-scalar", "a: " + new string('x', 4_000_000) + "\n", null);
        yield return ("json-deep-arrays", DeepJsonArrays(100_000), "depth of 64");
        yield return ("json-deep-objects", DeepJsonObjects(10_000), "depth of 64");
        yield return ("json-huge-list", HugeList(300_000), "200,000 values");
        yield return ("json-many-fields", ManyFields(20_000), "limit is 10,000");
        yield return ("json-many-categories", ManyCategories(150_000), "limit is 100,000");
        yield return ("template-giant", Field("{\"type\": \"string\", \"template\": \"" + new string('{', 1) + new string('#', 100_000) + "}\"}"), "limit is 4,096");
        yield return ("template-unclosed", Field("{\"type\": \"string\", \"template\": \"{###\"}"), "template");
        yield return ("expression-long", Field("{\"type\": \"int\", \"expression\": \"" + string.Join('+', Enumerable.Repeat("1", 50_000)) + "\"}"), "4096");
        yield return ("expression-deep", Field("{\"type\": \"int\", \"expression\": \"" + new string('(', 3000) + "1" + new string(')', 3000) + "\"}"), "4096");
        yield return ("expression-deep-short", Field("{\"type\": \"int\", \"expression\": \"" + new string('(', 500) + "1" + new string(')', 500) + "\"}"), "64 levels");
        yield return ("expression-unary-chain", Field("{\"type\": \"int\", \"expression\": \"" + new string('-', 1000) + "1\"}"), "64 levels");
        yield return ("int-min-over-max", Field("{\"type\": \"int\", \"min\": 10, \"max\": 1}"), "max");
        yield return ("int-huge-bounds", Field("{\"type\": \"int\", \"min\": -1e308, \"max\": 1e308}"), null);
        yield return ("int-400-digits", Field("{\"type\": \"int\", \"max\": " + new string('9', 400) + "}"), null);
        yield return ("float-infinite-std", Field("{\"type\": \"float\", \"mean\": 0, \"std\": 1e999}"), null);
        yield return ("float-negative-std", Field("{\"type\": \"float\", \"std\": -5}"), "std");
        yield return ("poisson-huge-lambda", Field("{\"type\": \"int\", \"distribution\": \"poisson\", \"lambda\": 1e300}"), null);
        yield return ("zipf-huge-n", Field("{\"type\": \"int\", \"distribution\": \"zipf\", \"s\": 1.1, \"n\": 1000000000000000000}"), null);
        yield return ("zipf-zero-s", Field("{\"type\": \"int\", \"distribution\": \"zipf\", \"s\": 0, \"n\": 10}"), null);
        yield return ("date-year-99999", Field("{\"type\": \"datetime\", \"start_date\": \"99999-01-01\"}"), "start_date");
        yield return ("probabilities-nan", Field("{\"type\": \"category\", \"categories\": [\"a\", \"b\"], \"probabilities\": [\"NaN\", 1]}"), "probabilities");
        yield return ("unique-too-small", Field("{\"type\": \"int\", \"min\": 1, \"max\": 3, \"unique\": true}"), null);
        yield return ("field-name-empty", "{\"\": {\"type\": \"int\"}}", null);
        yield return ("field-name-huge", "{\"" + new string('n', 200_000) + "\": {\"type\": \"int\"}}", null);
        yield return ("field-name-control", "{\"a\\u0000b\\n\": {\"type\": \"int\"}}", null);
        yield return ("field-spec-wrong-type", "{\"a\": [1, 2, 3]}", null);
        yield return ("field-type-number", "{\"a\": {\"type\": 5}}", "type");
        yield return ("text-huge-words", Field("{\"type\": \"text\", \"min_words\": 1, \"max_words\": 100000000}"), "max_words");
        yield return ("string-huge-length", Field("{\"type\": \"string\", \"min_length\": 1, \"max_length\": 2000000000}"), "max_length");
        yield return ("timeseries-zero-interval", "{\"time_field\": \"t\", \"time_interval_seconds\": 0, \"t\": {\"type\": \"datetime\"}, \"v\": {\"type\": \"float\"}}", null);
        yield return ("correlations-garbage", "{\"a\": {\"type\": \"float\"}, \"correlations\": {\"fields\": [\"a\", \"a\"], \"matrix\": [[1e308]]}}", null);
        yield return ("when-self-reference", "{\"a\": {\"type\": \"int\", \"when\": [{\"if\": \"a > 1\", \"then\": {\"min\": 1}}]}}", null);
        yield return ("nul-bytes", "{\"a\u0000\": {\"type\": \"int\u0000\"}}", null);
        yield return ("only-whitespace", "   \n\t  ", null);
        yield return ("lone-surrogate", "{\"a\": {\"type\": \"\\ud800\"}}", null);
    }

    /// <summary>Malformed or outsized CSV files (header age,city); name → bytes.</summary>
    public static IEnumerable<(string Name, Func<byte[]> Bytes, string? Expect)> Csvs()
    {
        static Func<byte[]> Text(string text) => () => Encoding.UTF8.GetBytes(text);
        yield return ("empty", Text(""), null);
        yield return ("header-only", Text("age,city\n"), null);
        yield return ("only-newlines", Text(new string('\n', 100_000)), null);
        yield return ("unclosed-quote", Text("age,city\n31,\"Paris\n45,Lyon\n"), "never closed");
        yield return ("quote-inside-field", Text("age,city\n31,Pa\"ris\n"), "quote");
        yield return ("text-after-quote", Text("age,city\n31,\"Paris\"x\n"), "closing quote");
        yield return ("ragged", Text("age,city\n31\n45,Lyon,extra\n"), "line 2");
        yield return ("giant-field", Text("age,city\n31," + new string('x', 3_000_000) + "\n"), "1,048,576 characters");
        yield return ("giant-quoted-field", Text("age,city\n31,\"" + new string('x', 3_000_000) + "\"\n"), "1,048,576 characters");
        yield return ("unclosed-quote-swallows-file", () => Encoding.UTF8.GetBytes("age,city\n31,\"" + string.Concat(Enumerable.Repeat("45,Lyon\n", 500_000))), "1,048,576 characters");
        yield return ("many-columns", Text(string.Join(',', Enumerable.Range(0, 20_000).Select(i => "c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "\n"), "10,000 fields");
        yield return ("invalid-utf8", () => [.. "age,city\n31,"u8.ToArray(), 0xFF, 0xFE, 0xC0, (byte)'\n'], null);
        yield return ("nul-bytes", () => [.. "age,city\n31,"u8.ToArray(), 0, 0, (byte)'\n'], null);
        yield return ("bom", Text("\uFEFFage,city\n31,Paris\n45,Lyon\n"), null);
        yield return ("cr-only", Text("age,city\r31,Paris\r45,Lyon\r"), null);
        yield return ("huge-numbers", Text("age,city\n" + new string('9', 400) + ",Paris\n1e99999,Lyon\n-1e99999,Nice\nNaN,Brest\n"), null);
        yield return ("duplicate-header", Text("age,age\n1,2\n3,4\n"), null);
        yield return ("empty-header-names", Text(",,\n1,2,3\n"), null);
        yield return ("many-short-rows", () => Encoding.UTF8.GetBytes("age\n" + string.Concat(Enumerable.Repeat("1\n", 2_000_000))), null);
        yield return ("many-distinct-values", () => Encoding.UTF8.GetBytes("age,city\n" + string.Concat(Enumerable.Range(0, 300_000).Select(i => FormattableString.Invariant($"{i},v{i}\n")))), null);
    }

    /// <summary>Malformed or outsized domain files (JSON); name → text.</summary>
    public static IEnumerable<(string Name, string Text, string? Expect)> Domains()
    {
        yield return ("duplicate-keys", "{\"age\": 2, \"age\": 3}", "age");
        yield return ("lone-surrogate", "{\"\\ud800\": 2}", "surrogate");
        yield return ("deep", DeepJsonObjects(10_000), "depth of 64");
        yield return ("pgm-huge-size", "{\"age\": 2000000000}", "limit is 100,000");
        yield return ("pgm-many-columns", "{" + string.Join(',', Enumerable.Range(0, 20_000).Select(i => $"\"c{i}\": 2")) + "}", "limit is 10,000");
        yield return ("pgm-negative-size", "{\"age\": -1}", "age");
        yield return ("pgm-wrong-type", "{\"age\": [1]}", "age");
        yield return ("columns-wrong-type", "{\"columns\": 5}", null);
        yield return ("columns-huge-bins", "{\"columns\": [{\"name\": \"age\", \"kind\": \"Integer\", \"min\": \"0\", \"max\": \"1e308\", \"bins\": 2000000000}]}", null);
        yield return ("columns-nan-bounds", "{\"columns\": [{\"name\": \"age\", \"kind\": \"Continuous\", \"min\": \"NaN\", \"max\": \"1\", \"bins\": 2}]}", null);
        yield return ("huge-list", "{\"columns\": [{\"name\": \"city\", \"kind\": \"Categorical\", \"categories\": [" + string.Join(',', Enumerable.Repeat("\"x\"", 300_000)) + "]}]}", "200,000 values");
        yield return ("truncated", "{\"columns\": [{\"name\": ", "invalid JSON");
        yield return ("not-json", "age: 5", "invalid JSON");
    }
}
