namespace Synth.Storage;

/// <summary>Which store holds the artifacts.</summary>
public enum ArtifactStoreKind
{
    /// <summary>Files under a local directory (<see cref="Local.LocalArtifactStore"/>). The default.</summary>
    Local,

    /// <summary>Azure Blob Storage or Azurite (<see cref="Azure.AzureBlobArtifactStore"/>).</summary>
    Azure,

    /// <summary>Amazon S3 or an S3-compatible server (<see cref="S3.S3ArtifactStore"/>).</summary>
    S3,
}
