using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;
using Synth.Grains.Placement;

namespace Synth.Silo.Placement;

/// <summary>Silo tags and the placement that honours <see cref="RequiresSiloTagsAttribute"/>.</summary>
public static class SiloTagsHostingExtensions
{
    /// <summary>
    /// Declares this silo's <paramref name="tags"/> (as Orleans silo metadata) and registers the
    /// tag placement director and <see cref="ISiloTagDirectory"/>. Call it on EVERY silo, with no tags
    /// for an untagged one: placement of a tagged grain may be decided on any silo.
    /// </summary>
    /// <exception cref="ArgumentException">A tag is not valid; the message names it.</exception>
    public static ISiloBuilder UseSiloTags(this ISiloBuilder builder, IEnumerable<string> tags)
    {
        var normalized = SiloTags.Normalize(tags);
        builder.UseSiloMetadata(normalized.ToDictionary(SiloTags.MetadataKey, _ => "true"));
        builder.Services.AddSingleton(new SiloTagsOptions { Tags = [.. normalized] });
        builder.Services.AddSingleton<SiloTagDirectory>();
        builder.Services.AddSingleton<ISiloTagDirectory>(sp => sp.GetRequiredService<SiloTagDirectory>());
        builder.Services.AddPlacementDirector<SiloTagsPlacement, SiloTagsPlacementDirector>(ServiceLifetime.Transient);
        return builder;
    }
}
