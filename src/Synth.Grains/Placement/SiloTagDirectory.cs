using System.Collections.Immutable;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Synth.Grains.Placement;

/// <summary>Reads tags from Orleans' silo metadata cache for the silos that membership says are active.</summary>
internal sealed class SiloTagDirectory(
    IClusterMembershipService membership,
    ISiloMetadataCache metadata,
    ILocalSiloDetails localSilo,
    SiloTagsOptions options) : ISiloTagDirectory
{
    public ImmutableArray<string> LocalTags { get; } = SiloTags.Normalize(options.Tags);

    public bool LocalSiloHas(IEnumerable<string> tags)
    {
        foreach (var tag in SiloTags.Normalize(tags))
        {
            if (!LocalTags.Contains(tag)) return false;
        }
        return true;
    }

    public IReadOnlyList<SiloAddress> LiveSilosWith(IEnumerable<string> tags) => WithTags(ActiveSilos(), SiloTags.Normalize(tags));

    public ImmutableArray<string> TagsOf(SiloAddress silo)
    {
        if (silo.Equals(localSilo.SiloAddress)) return LocalTags;
        var tags = new List<string>();
        foreach (var key in metadata.GetSiloMetadata(silo).Metadata.Keys)
        {
            if (key.StartsWith(SiloTags.MetadataKeyPrefix, StringComparison.Ordinal)) tags.Add(key[SiloTags.MetadataKeyPrefix.Length..]);
        }
        return SiloTags.Normalize(tags);
    }

    public IReadOnlyList<string> MissingTags(IEnumerable<string> tags)
    {
        var active = ActiveSilos();
        var missing = new List<string>();
        foreach (var tag in SiloTags.Normalize(tags))
        {
            if (WithTags(active, [tag]).Count == 0) missing.Add(tag);
        }
        return missing;
    }

    /// <summary>The silos of <paramref name="silos"/> that have every tag of <paramref name="tags"/> (normalised).</summary>
    internal List<SiloAddress> WithTags(IEnumerable<SiloAddress> silos, ImmutableArray<string> tags)
    {
        var result = new List<SiloAddress>();
        foreach (var silo in silos)
        {
            if (HasAll(silo, tags)) result.Add(silo);
        }
        return result;
    }

    private bool HasAll(SiloAddress silo, ImmutableArray<string> tags)
    {
        if (tags.IsEmpty) return true;
        // This silo's own tags are known without asking the cache (which may not hold them yet).
        if (silo.Equals(localSilo.SiloAddress)) return LocalSiloHas(tags);
        var entries = metadata.GetSiloMetadata(silo).Metadata;
        foreach (var tag in tags)
        {
            if (!entries.ContainsKey(SiloTags.MetadataKey(tag))) return false;
        }
        return true;
    }

    private List<SiloAddress> ActiveSilos()
    {
        var active = new List<SiloAddress>();
        foreach (var (silo, member) in membership.CurrentSnapshot.Members)
        {
            if (member.Status == SiloStatus.Active) active.Add(silo);
        }
        return active;
    }
}
