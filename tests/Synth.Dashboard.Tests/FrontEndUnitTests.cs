using System.Diagnostics;
using Synth.Dashboard.Tests.TestSupport;

namespace Synth.Dashboard.Tests;

/// <summary>The dashboard's own unit tests (Vitest, web/dashboard/src/**/*.test.ts), run here so that ./test counts them.</summary>
public sealed class FrontEndUnitTests
{
    [Fact]
    public void The_dashboards_vitest_suite_passes()
    {
        Directory.Exists(Path.Combine(RepositoryPaths.Dashboard, "node_modules")).Should().BeTrue("./test installs web/dashboard's packages (npm ci) before the tests run");
        var start = new ProcessStartInfo("npx", ["vitest", "run", "--reporter=dot"]) { WorkingDirectory = RepositoryPaths.Dashboard, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["CI"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) process.Kill(entireProcessTree: true);

        process.ExitCode.Should().Be(0, $"vitest said:\n{stdout.Result}\n{stderr.Result}");
        stdout.Result.Should().MatchRegex(@"Tests\s+\d+ passed");
    }
}
