using Synth.Storage.Azure;
using Synth.Storage.Local;
using Synth.Storage.S3;

namespace Synth.Storage;

/// <summary>Creates the artifact store that <see cref="ArtifactStoreOptions"/> describe.</summary>
public static class ArtifactStores
{
    /// <summary>
    /// The store of <see cref="ArtifactStoreOptions.Kind"/>. Throws <see cref="ArgumentException"/>
    /// naming every missing or wrong setting by its configuration key (e.g.
    /// <c>Synth:Artifacts:Azure:AccountKey is missing</c>), so start-up fails with a fix in hand.
    /// Nothing is contacted yet: the container or bucket is created on first use.
    /// </summary>
    public static IArtifactStore Create(ArtifactStoreOptions options)
    {
        var problems = Validate(options);
        if (problems.Count > 0) throw new ArgumentException("Artifact store settings: " + string.Join(" ", problems), nameof(options));

        return options.Kind switch
        {
            ArtifactStoreKind.Azure => new AzureBlobArtifactStore(options.Azure),
            ArtifactStoreKind.S3 => new S3ArtifactStore(options.S3),
            _ => new LocalArtifactStore(options.Local.RootDirectory),
        };
    }

    /// <summary>
    /// What is wrong with <paramref name="options"/>, one message per setting, each naming it by its
    /// configuration key; secrets are never quoted. Empty when the store can be created.
    /// </summary>
    public static IReadOnlyList<string> Validate(ArtifactStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prefix = ArtifactStoreOptions.SectionName + ":" + options.Kind + ":";
        return options.Kind switch
        {
            ArtifactStoreKind.Local => string.IsNullOrWhiteSpace(options.Local.RootDirectory) ? [$"{prefix}RootDirectory is missing."] : [],
            ArtifactStoreKind.Azure => options.Azure.Validate(prefix),
            ArtifactStoreKind.S3 => options.S3.Validate(prefix),
            _ => [$"{ArtifactStoreOptions.SectionName}:Kind '{options.Kind}' is not one of local, azure, s3."],
        };
    }
}
