namespace Synth.Cli;

/// <summary>
/// Files written into a temporary directory beside the target and moved into it only once all
/// are complete, so a failed or cancelled run leaves the target as it was.
/// </summary>
public sealed class AtomicDirectory : IDisposable
{
    private readonly string _path;
    private readonly string _temporary;
    private readonly List<string> _names = [];
    private bool _committed;

    public AtomicDirectory(string path)
    {
        _path = Path.GetFullPath(path.TrimEnd('/', Path.DirectorySeparatorChar));
        if (File.Exists(_path)) throw new UsageException($"--output: '{path}' is a file; give a directory");
        var parent = Path.GetDirectoryName(_path)!;
        if (!Directory.Exists(parent)) throw new UsageException($"--output: directory '{parent}' does not exist");
        _temporary = Path.Combine(parent, $".{Path.GetFileName(_path)}.{Environment.ProcessId}.tmp");
        Directory.CreateDirectory(_temporary);
    }

    /// <summary>Creates file <paramref name="name"/> (a plain file name) in the temporary directory.</summary>
    public Stream Create(string name)
    {
        _names.Add(name);
        return AtomicFile.OpenNew(Path.Combine(_temporary, name));
    }

    public void Commit()
    {
        Directory.CreateDirectory(_path);
        foreach (var name in _names) File.Move(Path.Combine(_temporary, name), Path.Combine(_path, name), overwrite: true);
        Directory.Delete(_temporary, recursive: true);
        _committed = true;
    }

    public void Dispose()
    {
        if (!_committed && Directory.Exists(_temporary)) Directory.Delete(_temporary, recursive: true);
    }
}
