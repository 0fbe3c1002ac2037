namespace Synth.Api.Tests.TestSupport;

internal static class RepositoryPaths
{
    /// <summary>The repository root: the first directory above the test binaries that holds Synth.Orleans.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string SignalRClient => Path.Combine(Root, "tests", "node-signalr");

    /// <summary>Fails the test with how to install the official SignalR client when tests/node-signalr lacks it.</summary>
    public static void RequireSignalRClient()
    {
        if (!Directory.Exists(Path.Combine(SignalRClient, "node_modules", "@microsoft", "signalr")))
        {
            Assert.Fail("tests/node-signalr has no node_modules: run ./test (which installs it) or `npm ci` in tests/node-signalr.");
        }
    }

    /// <summary>The real `synth` command, built beside the tests (Synth.Cli is a project reference).</summary>
    public static string SynthDll => Path.Combine(AppContext.BaseDirectory, "synth.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Synth.Orleans.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no Synth.Orleans.sln above {AppContext.BaseDirectory}");
    }
}
