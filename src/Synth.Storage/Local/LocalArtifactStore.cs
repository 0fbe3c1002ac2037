using System.IO.Enumeration;
using System.Runtime.CompilerServices;

namespace Synth.Storage.Local;

/// <summary>
/// Artifacts as files under one directory: key <c>jobs/7f3c/part-00003.csv</c> is the file
/// <c>{root}/jobs/7f3c/part-00003.csv</c>. The embedded default; needs no server.
/// </summary>
/// <remarks>
/// An upload writes <c>.upload-{32 hex}.tmp</c> in the key's directory and renames it over the
/// key on commit. Those names are never listed and cannot be used as keys here. A key cannot be
/// both an object and the directory of another (<c>a</c> and <c>a/b</c>), which object stores
/// allow; such an upload fails with <see cref="ArtifactStoreException"/>.
/// </remarks>
public sealed class LocalArtifactStore : IArtifactStore
{
    private const string TempPrefix = ".upload-";
    private const string TempSuffix = ".tmp";

    /// <summary>Creates the store; <paramref name="rootDirectory"/> is created when missing.</summary>
    public LocalArtifactStore(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        RootDirectory = Path.GetFullPath(rootDirectory);
        Directory.CreateDirectory(RootDirectory);
    }

    /// <summary>The absolute directory that holds the artifacts.</summary>
    public string RootDirectory { get; }

    public Task<IArtifactUpload> BeginUploadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        var directory = Path.GetDirectoryName(path)!;
        var tempPath = Path.Combine(directory, $"{TempPrefix}{Guid.NewGuid():N}{TempSuffix}");
        // A delete may prune the directory between our create and our open; try again then.
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                Directory.CreateDirectory(directory);
                var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
                return Task.FromResult<IArtifactUpload>(new LocalArtifactUpload(key, path, tempPath, file));
            }
            catch (DirectoryNotFoundException) when (attempt < 3)
            {
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ArtifactStoreException($"Could not start writing '{key}' under {RootDirectory}: {e.Message}", innerException: e);
            }
        }
    }

    public Task<ArtifactInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(PathOf(key));
        return Task.FromResult(info.Exists ? new ArtifactInfo(key, info.Length, info.LastWriteTimeUtc) : null);
    }

    public Task<Stream> OpenReadAsync(string key, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        ByteRange.ValidateArguments(offset, length);
        FileStream file;
        try
        {
            // Delete sharing: an overwrite or delete may go ahead while this reader still
            // reads the bytes it opened.
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException || (e is UnauthorizedAccessException && Directory.Exists(path)))
        {
            throw new ArtifactNotFoundException(key);
        }

        try
        {
            var count = ByteRange.CountWithin(key, file.Length, offset, length);
            file.Position = offset;
            return Task.FromResult<Stream>(new ArtifactReadStream(file, count));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public async IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArtifactKey.ValidatePrefix(prefix);
        // Walking directories blocks; do it on the pool, not on the caller's thread.
        var found = await Task.Run(() => Collect(prefix, cancellationToken), cancellationToken).ConfigureAwait(false);
        foreach (var info in found)
        {
            yield return info;
        }
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return Task.FromResult(false);
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArtifactStoreException($"Could not delete '{key}' at {path}: {e.Message}", innerException: e);
        }

        PruneEmptyDirectories(Path.GetDirectoryName(path)!);
        return Task.FromResult(true);
    }

    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArtifactKey.ValidatePrefix(prefix);
        if (prefix.Length == 0) throw new ArgumentException("DeletePrefixAsync needs a non-empty prefix: it would delete every artifact.", nameof(prefix));
        var deleted = 0;
        await foreach (var info in ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (await DeleteAsync(info.Key, cancellationToken).ConfigureAwait(false)) deleted++;
        }

        return deleted;
    }

    /// <summary>True for the names of uploads not yet committed.</summary>
    internal static bool IsTempFileName(ReadOnlySpan<char> name) =>
        name.Length == TempPrefix.Length + 32 + TempSuffix.Length
        && name.StartsWith(TempPrefix, StringComparison.Ordinal)
        && name.EndsWith(TempSuffix, StringComparison.Ordinal);

    private string PathOf(string key)
    {
        ArtifactKey.Validate(key);
        var name = key[(key.LastIndexOf('/') + 1)..];
        if (IsTempFileName(name)) throw new ArgumentException($"'{key}' is not a valid artifact key here: the local store keeps uploads in progress under such names.", nameof(key));
        return Path.Combine(RootDirectory, key.Replace('/', Path.DirectorySeparatorChar));
    }

    private List<ArtifactInfo> Collect(string prefix, CancellationToken cancellationToken)
    {
        // Only the directory the prefix is certainly inside is walked; keys under it are filtered
        // on the whole prefix and sorted, as directory order is not key order ('-' < '/').
        var directoryPart = prefix[..(prefix.LastIndexOf('/') + 1)];
        var start = Path.Combine(RootDirectory, directoryPart.Replace('/', Path.DirectorySeparatorChar));
        var found = new List<ArtifactInfo>();
        if (!Directory.Exists(start)) return found;

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        var entries = new FileSystemEnumerable<ArtifactInfo?>(start, ToInfo, options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory && !IsTempFileName(entry.FileName),
        };
        try
        {
            foreach (var info in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (info is not null && info.Key.StartsWith(prefix, StringComparison.Ordinal)) found.Add(info);
            }
        }
        catch (DirectoryNotFoundException)
        {
            // The walk's start was pruned by a delete meanwhile: nothing is there any more.
        }

        found.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return found;
    }

    private ArtifactInfo? ToInfo(ref FileSystemEntry entry)
    {
        var relative = Path.GetRelativePath(RootDirectory, entry.ToFullPath());
        var key = Path.DirectorySeparatorChar == '/' ? relative : relative.Replace(Path.DirectorySeparatorChar, '/');
        // A file put there by hand under a name no key can have is not an artifact.
        return ArtifactKey.IsValid(key) ? new ArtifactInfo(key, entry.Length, entry.LastWriteTimeUtc) : null;
    }

    // Best effort, so deleted jobs leave no empty directories behind; a directory that just
    // received a new upload is not empty and stays.
    private void PruneEmptyDirectories(string directory)
    {
        while (directory.Length > RootDirectory.Length && directory.StartsWith(RootDirectory, StringComparison.Ordinal))
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(directory).Any()) return;
                Directory.Delete(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }

            directory = Path.GetDirectoryName(directory)!;
        }
    }
}
