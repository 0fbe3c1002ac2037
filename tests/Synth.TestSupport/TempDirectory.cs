namespace Synth.TestSupport;

/// <summary>A directory of its own under the system temp directory for one test or test class, deleted afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates <c>synth-PREFIX…</c> under the system temp directory.</summary>
    public TempDirectory(string prefix = "test-")
    {
        Path = Directory.CreateTempSubdirectory("synth-" + prefix).FullName;
    }

    public string Path { get; }

    /// <summary>The full path of <paramref name="name"/> inside the directory (nothing is created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> and returns its full path.</summary>
    public string Write(string name, string text)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The names of the files and directories directly inside.</summary>
    public string[] Entries() => Directory.GetFileSystemEntries(Path).Select(p => System.IO.Path.GetFileName(p)).ToArray();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A server or database still closing a file; the OS cleans temp eventually.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: a file still held open elsewhere.
        }
    }
}
