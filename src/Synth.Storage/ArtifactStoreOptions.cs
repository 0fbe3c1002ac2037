using Synth.Storage.Azure;
using Synth.Storage.Local;
using Synth.Storage.S3;

namespace Synth.Storage;

/// <summary>
/// Which artifact store to use and its settings, bound from the configuration section
/// <see cref="SectionName"/> (so from the environment as <c>Synth__Artifacts__Kind=azure</c>,
/// <c>Synth__Artifacts__Azure__ConnectionString=…</c>, <c>Synth__Artifacts__S3__Bucket=…</c>).
/// Only the settings of the chosen <see cref="Kind"/> are read.
/// </summary>
public sealed class ArtifactStoreOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Synth:Artifacts";

    /// <summary>Which store: <c>local</c>, <c>azure</c> or <c>s3</c> (any case). Default local.</summary>
    public ArtifactStoreKind Kind { get; set; } = ArtifactStoreKind.Local;

    /// <summary>Settings of the local store.</summary>
    public LocalArtifactStoreOptions Local { get; set; } = new();

    /// <summary>Settings of the Azure Blob store.</summary>
    public AzureBlobArtifactStoreOptions Azure { get; set; } = new();

    /// <summary>Settings of the S3 store.</summary>
    public S3ArtifactStoreOptions S3 { get; set; } = new();
}
