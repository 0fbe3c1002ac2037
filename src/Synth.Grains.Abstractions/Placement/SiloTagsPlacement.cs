using System.Collections.Immutable;
using Orleans.Metadata;

namespace Synth.Grains.Placement;

/// <summary>
/// Placement on a silo that has every one of <see cref="Tags"/>; see <see cref="RequiresSiloTagsAttribute"/>.
/// The tags are part of the grain type's properties, so every silo resolves the same strategy.
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("Synth.SiloTagsPlacement")]
public sealed class SiloTagsPlacement : PlacementStrategy
{
    /// <summary>The grain type property that holds the required tags, comma-separated.</summary>
    public const string TagsProperty = "synth.required-tags";

    public SiloTagsPlacement() : this([])
    {
    }

    public SiloTagsPlacement(IEnumerable<string> tags) => Tags = SiloTags.Normalize(tags);

    /// <summary>The tags a silo must all have, sorted.</summary>
    [Id(0)]
    public ImmutableArray<string> Tags { get; private set; }

    public override void Initialize(GrainProperties properties)
    {
        base.Initialize(properties);
        Tags = properties.Properties.TryGetValue(TagsProperty, out var tags)
            ? SiloTags.Normalize(tags.Split(','))
            : [];
    }

    public override void PopulateGrainProperties(IServiceProvider services, Type grainClass, GrainType grainType, Dictionary<string, string> properties)
    {
        base.PopulateGrainProperties(services, grainClass, grainType, properties);
        properties[TagsProperty] = string.Join(',', Tags);
    }
}
