namespace Synth.Storage;

/// <summary>There is no object under the key that was read.</summary>
public sealed class ArtifactNotFoundException : Exception
{
    public ArtifactNotFoundException(string key)
        : base($"There is no artifact '{key}'.")
    {
        Key = key;
    }

    /// <summary>The key that was read.</summary>
    public string Key { get; }
}
