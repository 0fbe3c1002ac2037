using System.Runtime.CompilerServices;
using Synth.Storage;

namespace Synth.Grains.Tests.TestSupport;

/// <summary>
/// Fault injection over a real store: uploads whose key matches fail the first
/// <see cref="Failures"/> times (then work). Everything else passes through.
/// </summary>
public sealed class FlakyArtifactStore(IArtifactStore inner, Func<string, bool> matches, int failures) : IArtifactStore
{
    private int _failed;

    public int Failures => failures;

    public int Failed => Volatile.Read(ref _failed);

    public Task<IArtifactUpload> BeginUploadAsync(string key, CancellationToken cancellationToken = default)
    {
        if (matches(key) && Interlocked.Increment(ref _failed) <= failures) throw new IOException($"injected failure writing {key}");
        return inner.BeginUploadAsync(key, cancellationToken);
    }

    public Task<ArtifactInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default) => inner.GetInfoAsync(key, cancellationToken);

    public Task<Stream> OpenReadAsync(string key, long offset = 0, long? length = null, CancellationToken cancellationToken = default) =>
        inner.OpenReadAsync(key, offset, length, cancellationToken);

    public async IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var info in inner.ListAsync(prefix, cancellationToken)) yield return info;
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

    public Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default) => inner.DeletePrefixAsync(prefix, cancellationToken);
}
