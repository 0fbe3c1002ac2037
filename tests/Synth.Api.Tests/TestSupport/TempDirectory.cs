namespace Synth.Api.Tests.TestSupport;

/// <summary>A directory of its own for one server's SQLite database and artifacts, deleted afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("synth-api-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A server still closing its database; the OS cleans temp eventually.
        }
    }
}
