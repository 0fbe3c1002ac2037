using System.Globalization;
using System.Text;
using Synth.TestSupport.Hostile;
using System.Text.Json;

namespace Synth.Api.Tests.Hostile;

/// <summary>
/// The catalogue of hostile requests, over every endpoint that reads a body, an id or a query:
/// malformed and truncated bodies, invalid UTF-8, deep nesting, huge numbers and strings, wrong
/// types, schema bombs, malformed CSV uploads, path tricks in ids, hostile headers. Deterministic
/// (seeded mutations), so a failure names a case that can be run again.
/// </summary>
public static class HostileRequests
{
    private static readonly Lazy<IReadOnlyDictionary<string, HostileRequest>> Catalogue = new(Build);

    public static IReadOnlyDictionary<string, HostileRequest> All => Catalogue.Value;

    public static IEnumerable<object[]> Names() => All.Keys.Select(name => new object[] { name });

    /// <summary>Every endpoint that reads a JSON body, with a valid body to mutate.</summary>
    private static readonly (string Name, HttpMethod Method, string Path, string Valid)[] JsonEndpoints =
    [
        ("schemas-validate", HttpMethod.Post, "/schemas/validate", """{"schemaText": "a: {type: int}"}"""),
        ("schemas-store", HttpMethod.Post, "/schemas", """{"schema": {"a": {"type": "int"}}}"""),
        ("generate", HttpMethod.Post, "/generate", """{"schemaText": "a: {type: int}", "rows": 3, "format": "csv", "seed": 1}"""),
        ("jobs-submit", HttpMethod.Post, "/jobs", """{"schemaText": "a: {type: int}", "rows": 3, "format": "csv", "seed": 1, "parts": 1}"""),
        ("domain-confirm", HttpMethod.Put, "/datasets/{dataset}/domain", """{"columns": [{"name": "age", "kind": "Integer", "min": "0", "max": "100", "bins": 10}, {"name": "city", "kind": "Categorical", "categories": ["Paris"]}]}"""),
        ("domain-derive", HttpMethod.Post, "/datasets/{dataset}/domain/derivations", """{"epsilon": 0.01, "bounds": {"age": {"min": 0, "max": 100}}, "seed": 1}"""),
        ("fits", HttpMethod.Post, "/datasets/{dataset}/fits", """{"method": "independent", "epsilon": 0.0001, "seed": 1}"""),
        ("samples", HttpMethod.Post, "/models/{model}/samples", """{"rows": 3, "format": "csv", "seed": 1}"""),
        ("keys-create", HttpMethod.Post, "/keys", """{"name": "fuzz", "role": "user", "user": "fuzz"}"""),
        ("streams-create", HttpMethod.Post, "/streams", """{"schemaText": "a: {type: int}", "rate": "max", "limit": 10, "seed": 1}"""),
    ];

    /// <summary>Routes that take an id, with the kind of id they take.</summary>
    private static readonly (string Name, HttpMethod Method, string Path)[] IdRoutes =
    [
        ("job", HttpMethod.Get, "/jobs/{id}"),
        ("job-download", HttpMethod.Get, "/jobs/{id}/download"),
        ("job-events", HttpMethod.Get, "/jobs/{id}/events"),
        ("job-cancel", HttpMethod.Post, "/jobs/{id}/cancel"),
        ("job-delete", HttpMethod.Delete, "/jobs/{id}"),
        ("dataset", HttpMethod.Get, "/datasets/{id}"),
        ("dataset-profile", HttpMethod.Get, "/datasets/{id}/profile"),
        ("dataset-budget", HttpMethod.Get, "/datasets/{id}/budget"),
        ("dataset-delete", HttpMethod.Delete, "/datasets/{id}"),
        ("model", HttpMethod.Get, "/models/{id}"),
        ("model-evaluation", HttpMethod.Get, "/models/{id}/evaluation"),
        ("schema", HttpMethod.Get, "/schemas/{id}"),
        ("key-revoke", HttpMethod.Delete, "/keys/{id}"),
        ("stream", HttpMethod.Get, "/streams/{id}"),
        ("stream-pause", HttpMethod.Post, "/streams/{id}/pause"),
        ("stream-resume", HttpMethod.Post, "/streams/{id}/resume"),
        ("stream-stop", HttpMethod.Post, "/streams/{id}/stop"),
        ("stream-update", HttpMethod.Patch, "/streams/{id}"),
        ("stream-events", HttpMethod.Get, "/streams/{id}/events"),
    ];

    private static readonly string[] HostileIds =
    [
        "..", "..%2F..%2Fetc%2Fpasswd", "%2E%2E", "a%00b", new string('j', 5000), "%E3%82%B8%E3%83%A7%E3%83%96", "CON",
        "*", "'%20OR%201=1%20--", "%FF%FE", "j%2F..%2F..", "%24%7Bjndi:ldap%7D", "-1", "j0000000000000000000000000000000000",
    ];

    private static IReadOnlyDictionary<string, HostileRequest> Build()
    {
        var cases = new List<HostileRequest>();
        foreach (var endpoint in JsonEndpoints) cases.AddRange(MalformedBodies(endpoint));
        foreach (var (name, text, expect) in HostileInputs.Schemas())
        {
            var body = JsonSerializer.Serialize(new { schemaText = text });
            cases.Add(Json($"schemas-validate/schema-{name}", HttpMethod.Post, "/schemas/validate", body, expect));
            cases.Add(Json($"generate/schema-{name}", HttpMethod.Post, "/generate", JsonSerializer.Serialize(new { schemaText = text, rows = 5 }), expect));
            cases.Add(Json($"jobs-submit/schema-{name}", HttpMethod.Post, "/jobs", JsonSerializer.Serialize(new { schemaText = text, rows = 5 }), expect));
            cases.Add(Json($"streams-create/schema-{name}", HttpMethod.Post, "/streams", JsonSerializer.Serialize(new { schemaText = text, rate = "max", limit = 5 }), expect));
        }
        cases.AddRange(Uploads());
        foreach (var (name, method, path) in IdRoutes)
        {
            foreach (var id in HostileIds) cases.Add(new HostileRequest($"{name}/id={Shorten(id)}", method, path.Replace("{id}", id, StringComparison.Ordinal)));
        }
        cases.AddRange(QueriesAndHeaders());
        return cases.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    private static IEnumerable<HostileRequest> MalformedBodies((string Name, HttpMethod Method, string Path, string Valid) e)
    {
        HostileRequest Raw(string what, Func<byte[]> body, string? contentType = "application/json", string? expect = null) =>
            new($"{e.Name}/{what}", e.Method, e.Path, contentType, body, Expect: expect);
        HostileRequest Text(string what, string body, string? contentType = "application/json", string? expect = null) =>
            Raw(what, () => Encoding.UTF8.GetBytes(body), contentType, expect);

        yield return Text("empty", "");
        yield return Text("null", "null");
        yield return Text("array", "[]");
        yield return Text("string", "\"hello\"");
        yield return Text("number", "42");
        yield return Text("truncated-brace", "{");
        yield return Text("truncated-value", "{\"rows\":");
        yield return Text("truncated-half", e.Valid[..(e.Valid.Length / 2)]);
        yield return Raw("invalid-utf8", () => [.. "{\"name\": \""u8.ToArray(), 0xFF, 0xFE, 0xC0, 0x80, .. "\"}"u8.ToArray()]);
        yield return Raw("invalid-utf8-only", () => [0xFF, 0xFE, 0xFD, 0x80, 0x81]);
        yield return Text("lone-surrogate", "{\"name\": \"\\ud800\"}");
        yield return Text("deep-arrays", HostileInputs.DeepJsonArrays(100_000));
        yield return Text("deep-objects", HostileInputs.DeepJsonObjects(10_000));
        yield return Text("deep-inside-field", "{\"options\": " + HostileInputs.DeepJsonArrays(5_000) + ", \"schema\": " + HostileInputs.DeepJsonObjects(5_000) + "}");
        yield return Text("huge-exponent", "{\"rows\": 1e99999, \"seed\": 1e99999, \"epsilon\": 1e99999}");
        yield return Text("huge-integer", "{\"rows\": " + new string('9', 400) + "}");
        yield return Text("negative-everything", "{\"rows\": -9223372036854775808, \"seed\": -1, \"epsilon\": -1, \"parts\": -1}");
        yield return Text("nan-literals", "{\"rows\": NaN, \"epsilon\": Infinity}");
        yield return Text("nan-strings", "{\"epsilon\": \"NaN\", \"delta\": \"-Infinity\", \"holdout\": \"NaN\"}");
        yield return Raw("giant-string", () => Encoding.UTF8.GetBytes("{\"name\": \"" + new string('x', 10_000_000) + "\"}"));
        yield return Raw("giant-schema-text", () => Encoding.UTF8.GetBytes("{\"schemaText\": \"" + new string('a', 10_000_000) + ": {type: int}\"}"));
        yield return Raw("over-body-limit", () => Encoding.UTF8.GetBytes("{\"name\": \"" + new string('x', 17 * 1024 * 1024) + "\"}"), expect: "16,777,216 bytes");
        yield return Text("bom", "\uFEFF" + e.Valid);
        yield return Raw("nul-bytes", () => [.. Encoding.UTF8.GetBytes(e.Valid[..^1]), 0, 0, 0, (byte)'}']);
        yield return Text("text-plain", e.Valid, "text/plain", expect: "application/json");
        yield return Text("no-content-type", e.Valid, contentType: null);
        yield return Text("multipart-garbage", "--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n" + e.Valid, "multipart/form-data; boundary=\"");
        yield return Text("xml", "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY b \"c\">]><a>&b;</a>", "application/xml");
        yield return Text("duplicate-keys", "{\"rows\": 1, \"rows\": 2, \"format\": \"csv\", \"format\": \"csv\"}");
        yield return Text("unknown-property", "{\"__proto__\": {\"admin\": true}, \"constructor\": 1}");
        yield return Text("wrong-types", "{\"rows\": [1], \"format\": {}, \"seed\": \"x\", \"epsilon\": [], \"method\": 5, \"schemaText\": 7, \"schema\": \"x\", \"columns\": \"x\", \"bounds\": [1], \"quantiles\": \"x\"}");
        yield return Raw("many-properties", () =>
        {
            var text = new StringBuilder("{");
            for (var i = 0; i < 100_000; i++) text.Append(i == 0 ? "" : ",").Append("\"p").Append(i.ToString(CultureInfo.InvariantCulture)).Append("\": 1");
            return Encoding.UTF8.GetBytes(text.Append('}').ToString());
        });
        yield return Raw("huge-array-of-numbers", () => Encoding.UTF8.GetBytes("{\"quantiles\": [" + string.Join(',', Enumerable.Repeat("0.5", 1_000_000)) + "], \"requiredTags\": [" + string.Join(',', Enumerable.Repeat("\"gpu\"", 100_000)) + "]}"));
        var random = new Random(HashCode(e.Name));
        var valid = Encoding.UTF8.GetBytes(e.Valid);
        for (var i = 0; i < 3; i++)
        {
            var cut = random.Next(1, valid.Length);
            yield return Raw($"cut-{i}-at-{cut}", () => valid[..cut]);
        }
        for (var i = 0; i < 3; i++)
        {
            var flipped = (byte[])valid.Clone();
            for (var k = 0; k < 4; k++) flipped[random.Next(flipped.Length)] = (byte)random.Next(256);
            yield return Raw($"flipped-{i}", () => flipped);
        }
    }

    private static IEnumerable<HostileRequest> Uploads()
    {
        HostileRequest Csv(string what, Func<byte[]> body, string query = "?name=x", string contentType = "text/csv", string? expect = null) =>
            new($"datasets-upload/{what}", HttpMethod.Post, "/datasets" + query, contentType, body, Expect: expect);
        HostileRequest CsvText(string what, string body, string query = "?name=x", string contentType = "text/csv", string? expect = null) =>
            Csv(what, () => Encoding.UTF8.GetBytes(body), query, contentType, expect);

        const string good = "age,city\n31,Paris\n45,Lyon\n";
        foreach (var (name, bytes, expect) in HostileInputs.Csvs()) yield return Csv(name, bytes, expect: expect);
        yield return CsvText("negative-epsilon", good, "?epsilon=-1", expect: "epsilon");
        yield return CsvText("nan-epsilon", good, "?epsilon=NaN", expect: "epsilon");
        yield return CsvText("huge-epsilon", good, "?epsilon=1e99999");
        yield return CsvText("delta-two", good, "?delta=2", expect: "delta");
        yield return CsvText("epsilon-not-number", good, "?epsilon=lots");
        yield return CsvText("huge-name", good, "?name=" + new string('n', 6000));
        yield return CsvText("json-content-type", good, contentType: "application/json");
        yield return CsvText("multipart-no-boundary", good, contentType: "multipart/form-data");
        yield return CsvText("multipart-no-file", "--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--\r\n", contentType: "multipart/form-data; boundary=b");
        yield return CsvText("multipart-two-files",
            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n" + good + "\r\n--b\r\nContent-Disposition: form-data; name=\"file2\"; filename=\"b.csv\"\r\n\r\n" + good + "\r\n--b--\r\n",
            contentType: "multipart/form-data; boundary=b");
        yield return CsvText("multipart-truncated", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nage,ci", contentType: "multipart/form-data; boundary=b");
        yield return CsvText("multipart-path-filename", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../../etc/passwd\"\r\n\r\n" + good + "\r\n--b--\r\n",
            contentType: "multipart/form-data; boundary=b");
    }

    private static IEnumerable<HostileRequest> QueriesAndHeaders()
    {
        HostileRequest Get(string name, string path, IReadOnlyDictionary<string, string>? headers = null) => new(name, HttpMethod.Get, path, Headers: headers);

        foreach (var limit in new[] { "-1", "0", "99999999999999999999", "abc", "1e9", "%00" }) yield return Get($"jobs-list/limit={limit}", $"/jobs?limit={limit}");
        foreach (var cursor in new[] { "garbage", "%FF%FE", new string('c', 4000), "..%2F.." }) yield return Get($"jobs-list/cursor={Shorten(cursor)}", $"/jobs?cursor={cursor}");
        yield return Get("jobs-list/status=weird", "/jobs?status=weird");
        yield return Get("jobs-list/repeated-limit", "/jobs?limit=1&limit=2&limit=3");
        foreach (var dataset in new[] { "..%2F..", "%FF", new string('d', 4000), "" }) yield return Get($"models-list/dataset={Shorten(dataset)}", $"/models?dataset={dataset}");
        yield return Get("long-query", "/status?" + new string('q', 20_000));
        foreach (var range in new[] { "bytes=999999999999999999999-", "bytes=-0", "bytes=5-1", "bytes=" + string.Join(',', Enumerable.Range(0, 1000).Select(i => $"{i}-{i}")), "lines=1-2", "bytes=abc" })
        {
            yield return Get($"job-download/range={Shorten(range)}", "/jobs/{job}/download", new Dictionary<string, string> { ["Range"] = range });
        }
        foreach (var lastEvent in new[] { "-1", "99999999999999999999", "abc", new string('9', 5000) })
        {
            yield return Get($"job-events/last-event-id={Shorten(lastEvent)}", "/jobs/{job}/events", new Dictionary<string, string> { ["Last-Event-ID"] = lastEvent });
        }
        yield return new HostileRequest("jobs-submit/idempotency-key-huge", HttpMethod.Post, "/jobs", "application/json",
            () => """{"schemaText": "a: {type: int}", "rows": 3}"""u8.ToArray(), new Dictionary<string, string> { ["Idempotency-Key"] = new string('k', 5000) });
        yield return Get("unknown-route", "/no/such/route");
        yield return Get("huge-header", "/status", new Dictionary<string, string> { ["X-Junk"] = new string('h', 100_000) });
    }

    private static HostileRequest Json(string name, HttpMethod method, string path, string body, string? expect) =>
        new(name, method, path, "application/json", () => Encoding.UTF8.GetBytes(body), Expect: expect);

    private static string Shorten(string text) => text.Length <= 24 ? text : $"{text[..12]}…({text.Length})";

    private static int HashCode(string text)
    {
        var h = 17;
        foreach (var c in text) h = unchecked(h * 31 + c);
        return h;
    }
}
