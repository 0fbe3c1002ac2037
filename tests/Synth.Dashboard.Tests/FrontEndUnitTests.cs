using System.Diagnostics;
using Synth.Dashboard.Tests.TestSupport;

namespace Synth.Dashboard.Tests;

/// <summary>The dashboard's own unit tests (Vitest, web/dashboard/src/**/*.test.ts), run here so that ./test counts them.</summary>
public sealed class FrontEndUnitTests
{
    [Fact]
    public async Task The_dashboards_vitest_suite_passes()
    {
        Directory.Exists(Path.Combine(RepositoryPaths.Dashboard, "node_modules")).Should().BeTrue("./test installs web/dashboard's packages (npm ci) before the tests run");
        var start = new ProcessStartInfo("npx", ["vitest", "run", "--reporter=dot"]) { WorkingDirectory = RepositoryPaths.Dashboard, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["CI"] = "true";
        start.Environment["NO_COLOR"] = "1";
        start.Environment["FORCE_COLOR"] = "0";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("vitest did not finish in 2 minutes");
            }
        }

        var output = await stdout;
        process.ExitCode.Should().Be(0, $"vitest said:\n{output}\n{await stderr}");
        output.Should().MatchRegex(@"Tests\s+\d+ passed");
    }
}
