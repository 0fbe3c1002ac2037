using System.Collections.Immutable;

namespace Synth.Grains.Placement;

/// <summary>
/// Which live silos offer which tags, as this silo currently sees the cluster (membership plus
/// silo metadata; a silo that just joined appears once its metadata has reached this silo).
/// For the job shard logic: a job that requires tags waits Queued until a silo with them is here.
/// </summary>
public interface ISiloTagDirectory
{
    /// <summary>The tags of this silo.</summary>
    ImmutableArray<string> LocalTags { get; }

    /// <summary>True when this silo has every one of <paramref name="tags"/> (always for none).</summary>
    bool LocalSiloHas(IEnumerable<string> tags);

    /// <summary>The active silos that have every one of <paramref name="tags"/> (all active silos for none).</summary>
    IReadOnlyList<SiloAddress> LiveSilosWith(IEnumerable<string> tags);

    /// <summary>The tags of <paramref name="silo"/> as this silo knows them (empty for a silo whose metadata has not arrived, or that is gone).</summary>
    ImmutableArray<string> TagsOf(SiloAddress silo);

    /// <summary>The tags among <paramref name="tags"/> that no active silo has.</summary>
    IReadOnlyList<string> MissingTags(IEnumerable<string> tags);
}
