namespace Synth.Storage.Local;

/// <summary>Settings of <see cref="LocalArtifactStore"/> (configuration section <c>Synth:Artifacts:Local</c>).</summary>
public sealed class LocalArtifactStoreOptions
{
    /// <summary>The directory that holds the artifacts, created when missing; relative to the working directory. Default <c>synth-data/artifacts</c>.</summary>
    public string RootDirectory { get; set; } = Path.Combine("synth-data", "artifacts");
}
