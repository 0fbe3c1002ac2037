namespace Synth.Dashboard.Tests.TestSupport;

/// <summary>Where the repository is, seen from the test binaries (for web/dashboard and TestResults/).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>TestResults/dashboard/ at the repository's root: screenshots, kept after the run as artifacts.</summary>
    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(Root, "TestResults", "dashboard")).FullName;

    public static string Dashboard => Path.Combine(Root, "web", "dashboard");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Synth.Orleans.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no Synth.Orleans.sln above {AppContext.BaseDirectory}");
    }
}
