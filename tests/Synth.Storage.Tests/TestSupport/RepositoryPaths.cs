namespace Synth.Storage.Tests.TestSupport;

/// <summary>Finds folders of the repository from the test binaries' location.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder that holds Synth.Orleans.sln; fails the test when there is none above the binaries.</summary>
    public static string Root
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Synth.Orleans.sln"))) return directory.FullName;
            }

            throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Synth.Orleans.sln, so tests/node-storage cannot be found.");
        }
    }

    /// <summary>tests/node-storage, where Azurite and s3rver are installed.</summary>
    public static string NodeStorage => Path.Combine(Root, "tests", "node-storage");
}
