using System.Text;
using Synth.TestSupport.Hostile;

namespace Synth.Cli.Tests.Hostile;

/// <summary>
/// The CLI's share of the fuzz suite: every command that reads a file, given hostile files. Each
/// run must end with exit code 2 and only <c>error:</c> lines (or succeed, for the few hostile-looking
/// inputs that are valid), never an unhandled exception, and within a 1 GiB heap (the runtime's
/// hard limit turns any runaway allocation into a crash that fails the case); no output file is
/// left behind by a refused run.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileCommandTests : IDisposable
{
    private static readonly Dictionary<string, string> OneGiBHeap = new() { ["DOTNET_GCHeapHardLimit"] = "0x40000000" };

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A case: which file to write, and the command that reads it (FILE stands for its path).</summary>
    private sealed record Case(string FileName, Func<byte[]> Content, string[] Args, string? Expect);

    private static readonly Lazy<Dictionary<string, Case>> Catalogue = new(Build);

    public static IEnumerable<object[]> Names() => Catalogue.Value.Keys.Select(name => new object[] { name });

    private static Dictionary<string, Case> Build()
    {
        var cases = new Dictionary<string, Case>(StringComparer.Ordinal);
        byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
        foreach (var (name, text, expect) in HostileInputs.Schemas())
        {
            cases[$"schema-validate/{name}"] = new Case(SchemaFileName(text), () => Utf8(text), ["schema", "validate", "FILE"], expect);
        }
        foreach (var (name, text, expect) in HostileInputs.Schemas().Where(s => s.Name.StartsWith("yaml-", StringComparison.Ordinal) || s.Name.StartsWith("json-", StringComparison.Ordinal)))
        {
            cases[$"run/{name}"] = new Case(SchemaFileName(text), () => Utf8(text), ["run", "--schema", "FILE", "--rows", "5", "--output", "out.csv"], expect);
        }
        foreach (var (name, bytes, expect) in HostileInputs.Csvs())
        {
            cases[$"profile/{name}"] = new Case("data.csv", bytes, ["profile", "--data", "FILE", "--output", "domain.json"], expect);
        }
        foreach (var (name, text, expect) in HostileInputs.Domains())
        {
            cases[$"fit-domain/{name}"] = new Case("domain.json", () => Utf8(text),
                ["fit", "--data", "GOOD_CSV", "--domain", "FILE", "--method", "independent", "--epsilon", "1", "--out", "model.synth"], expect);
        }
        foreach (var (name, bytes, expect) in HostileInputs.Csvs().Where(c => c.Expect is not null))
        {
            cases[$"fit-data/{name}"] = new Case("data.csv", bytes,
                ["fit", "--data", "FILE", "--domain", "GOOD_DOMAIN", "--method", "independent", "--epsilon", "1", "--out", "model.synth"], expect);
        }
        foreach (var (name, bytes) in Models())
        {
            cases[$"sample/{name}"] = new Case("input.model", bytes, ["sample", "--model", "FILE", "--rows", "5", "--output", "rows.csv"], null);
        }
        foreach (var (name, text, expect) in HostileInputs.Schemas().Where(s => s.Name.StartsWith("yaml-", StringComparison.Ordinal)))
        {
            cases[$"config/{name}"] = new Case("config.yaml", () => Utf8(text), ["run", "--schema", "GOOD_SCHEMA", "--rows", "5", "--config", "FILE", "--output", "out.csv"], expect);
        }
        cases["evaluate/giant-field"] = new Case("real.csv", HostileInputs.Csvs().First(c => c.Name == "giant-field").Bytes,
            ["evaluate", "--real", "FILE", "--synthetic", "GOOD_CSV", "--domain", "GOOD_DOMAIN"], "1,048,576 characters");
        cases["evaluate/ragged"] = new Case("synthetic.csv", HostileInputs.Csvs().First(c => c.Name == "ragged").Bytes,
            ["evaluate", "--real", "GOOD_CSV", "--synthetic", "FILE", "--domain", "GOOD_DOMAIN"], "line 2");
        cases["schema-validate/dev-zero"] = new Case("unused", () => [], ["schema", "validate", "/dev/zero"], "16,777,216 bytes");
        cases["fit-domain/dev-zero"] = new Case("unused", () => [], ["fit", "--data", "GOOD_CSV", "--domain", "/dev/zero", "--method", "independent", "--epsilon", "1", "--out", "model.synth"], "16,777,216 bytes");
        cases["config/dev-zero"] = new Case("unused", () => [], ["run", "--schema", "GOOD_SCHEMA", "--config", "/dev/zero"], "1,048,576 bytes");
        cases["schema-validate/a-directory"] = new Case("unused", () => [], ["schema", "validate", "/tmp"], null);
        return cases;
    }

    // The extension tells synth which parser to use, as a user's file name would.
    private static string SchemaFileName(string text) => text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('[') ? "schema.json" : "schema.yaml";

    private static IEnumerable<(string Name, Func<byte[]> Bytes)> Models()
    {
        yield return ("empty", () => []);
        yield return ("text", () => "age,city\n1,2\n"u8.ToArray());
        yield return ("random-bytes", () =>
        {
            var bytes = new byte[4096];
            new Random(7).NextBytes(bytes);
            return bytes;
        });
        yield return ("huge-counts", () => [.. Enumerable.Repeat((byte)0xFF, 64)]);
        yield return ("zip-magic", () => [(byte)'P', (byte)'K', 3, 4, .. Enumerable.Repeat((byte)0x7F, 60)]);
    }

    [Fact]
    public void The_catalogue_covers_every_command_that_reads_a_file() =>
        Catalogue.Value.Keys.Select(k => k[..k.IndexOf('/', StringComparison.Ordinal)]).Distinct().Should()
            .BeEquivalentTo(["schema-validate", "run", "profile", "fit-domain", "fit-data", "sample", "config", "evaluate"]);

    [Theory]
    [MemberData(nameof(Names))]
    public void A_hostile_file_gets_error_lines_and_exit_code_2_never_a_crash(string name)
    {
        var hostile = Catalogue.Value[name];
        var file = _dir.Path + "/" + hostile.FileName;
        File.WriteAllBytes(file, hostile.Content());
        var args = hostile.Args.Select(a => a switch
        {
            "FILE" => file,
            "GOOD_CSV" => _dir.Write("good.csv", "age,city\n31,Paris\n45,Lyon\n52,Paris\n"),
            "GOOD_DOMAIN" => _dir.Write("good-domain.json", """{"columns": [{"name": "age", "kind": "Integer", "min": "0", "max": "100", "bins": 10}, {"name": "city", "kind": "Categorical", "categories": ["Paris", "Lyon"]}]}"""),
            "GOOD_SCHEMA" => _dir.Write("good.yaml", "a: {type: int}\n"),
            _ => a,
        }).ToArray();

        var result = SynthProcess.Run(_dir.Path, OneGiBHeap, args);

        result.Stderr.Should().NotContain("Unhandled exception", name);
        result.ExitCode.Should().BeOneOf([0, 2], $"{name}: {result.Stderr}");
        if (result.ExitCode == 2)
        {
            result.ErrorLines.Should().NotBeEmpty().And.OnlyContain(line => line.StartsWith("error:", StringComparison.Ordinal), name);
            _dir.Entries().Should().NotContain(["out.csv", "rows.csv", "model.synth"], "a refused run leaves no output");
        }
        if (hostile.Expect is not null)
        {
            result.ExitCode.Should().Be(2, name);
            result.Stderr.Should().Contain(hostile.Expect, name);
        }
    }
}
