using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Synth.Core.Privacy;
using Synth.Core.Privacy.Evaluation;

namespace Synth.Core.Tests.Privacy.Evaluation;

/// <summary>
/// Cross-checks <see cref="MarginalDistance"/> against the independent scorer the benchmark's
/// reference figures were computed with (../shared/tools/tv_error.py, numpy + pandas).
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class TvErrorScriptTests : IDisposable
{
    private const string SetupHint =
        "It needs Debian's python3-numpy and python3-pandas (./test installs them) and the scorer at ../shared/tools/tv_error.py " +
        "next to the repository (or its path in SYNTH_TV_ERROR_PY).";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("synth-tv-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData(1UL, 3000, 2500)]
    [InlineData(2UL, 500, 4000)]
    public void Mean_and_max_TV_equal_the_reference_scorer_s(ulong seed, int realRows, int syntheticRows)
    {
        // Two different distributions over the same domain, with values neither table uses.
        var real = KnownDistribution.Tree(seed).Sample(realRows, seed);
        var synthetic = new KnownDistribution([3, 4, 2, 6, 5], [-1, 0, 0, 2, 3], seed + 100).Sample(syntheticRows, seed + 1);
        var ours = MarginalDistance.Summarize(real, synthetic);

        var theirs = RunScript(Write(real, "real.csv"), Write(synthetic, "synthetic.csv"), WriteDomain(real.Domain));

        // The script prints four decimals.
        theirs["1-way"].N.Should().Be(ours.OneWayCount);
        theirs["2-way"].N.Should().Be(ours.TwoWayCount);
        theirs["1-way"].Mean.Should().BeApproximately(ours.MeanOneWay, 0.00005 + 1e-12);
        theirs["1-way"].Max.Should().BeApproximately(ours.MaxOneWay, 0.00005 + 1e-12);
        theirs["2-way"].Mean.Should().BeApproximately(ours.MeanTwoWay, 0.00005 + 1e-12);
        theirs["2-way"].Max.Should().BeApproximately(ours.MaxTwoWay, 0.00005 + 1e-12);
    }

    private string Write(EncodedTable table, string name)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', table.Domain.Names).Append('\n');
        for (var r = 0; r < table.Rows; r++)
        {
            text.AppendJoin(',', table.Columns.Select(c => c[r].ToString(CultureInfo.InvariantCulture))).Append('\n');
        }
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private string WriteDomain(Domain domain)
    {
        var path = Path.Combine(_directory.FullName, "domain.json");
        File.WriteAllText(path, "{" + string.Join(", ", domain.Names.Select((n, i) => $"\"{n}\": {domain.Sizes[i]}")) + "}");
        return path;
    }

    private static Dictionary<string, (int N, double Mean, double Max)> RunScript(string real, string synthetic, string domain)
    {
        var script = FindScript();
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, real, synthetic, domain }) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"python3 is not installed ({e.Message}). {SetupHint}");
            throw;
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) Assert.Fail($"tv_error.py failed (exit code {process.ExitCode}): {error.Result}\n{SetupHint}");
            return SummaryLine().Matches(output).ToDictionary(
                m => m.Groups["way"].Value,
                m => (int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture),
                      double.Parse(m.Groups["mean"].Value, CultureInfo.InvariantCulture),
                      double.Parse(m.Groups["max"].Value, CultureInfo.InvariantCulture)));
        }
    }

    private static string FindScript()
    {
        if (Environment.GetEnvironmentVariable("SYNTH_TV_ERROR_PY") is { Length: > 0 } configured) return configured;
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "tools", "tv_error.py");
            if (File.Exists(candidate)) return candidate;
        }
        Assert.Fail($"tv_error.py was not found above {AppContext.BaseDirectory}. {SetupHint}");
        return "";
    }

    [GeneratedRegex(@"^(?<way>[12]-way): n=(?<n>\d+) mean_TV=(?<mean>[0-9.]+) max_TV=(?<max>[0-9.]+)", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();
}
