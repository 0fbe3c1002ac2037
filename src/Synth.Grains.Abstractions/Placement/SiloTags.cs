using System.Collections.Immutable;

namespace Synth.Grains.Placement;

/// <summary>
/// Silo tags (<c>gpu</c>, …): what a silo offers for placement. A tag travels in the silo's Orleans
/// metadata as the key <c>synth.tag.NAME</c>, so that other silos read it from their metadata cache.
/// </summary>
public static class SiloTags
{
    /// <summary>Prefix of the silo metadata keys that carry tags.</summary>
    public const string MetadataKeyPrefix = "synth.tag.";

    /// <summary>Lower-case letters, digits, '-' and '_', 1 to 64 characters: safe in configuration, URLs and metadata keys.</summary>
    public static bool IsValid(string tag) =>
        tag.Length is > 0 and <= 64 && tag.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    /// <summary>
    /// The distinct tags of <paramref name="tags"/>, trimmed, lower-cased and sorted; empty entries are dropped.
    /// Throws <see cref="ArgumentException"/> naming the first invalid tag.
    /// </summary>
    public static ImmutableArray<string> Normalize(IEnumerable<string> tags)
    {
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var raw in tags)
        {
            var tag = raw.Trim().ToLowerInvariant();
            if (tag.Length == 0) continue;
            if (!IsValid(tag)) throw new ArgumentException($"'{raw}' is not a valid silo tag: use 1 to 64 lower-case letters, digits, '-' or '_'.", nameof(tags));
            result.Add(tag);
        }
        return [.. result];
    }

    /// <summary>The metadata key of <paramref name="tag"/>.</summary>
    public static string MetadataKey(string tag) => MetadataKeyPrefix + tag;
}
