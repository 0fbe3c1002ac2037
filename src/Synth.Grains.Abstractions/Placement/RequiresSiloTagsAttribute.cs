using Orleans.Placement;

namespace Synth.Grains.Placement;

/// <summary>
/// Places activations of the grain class only on silos tagged with every one of the given tags
/// (<c>synth silo --tags gpu</c>). When no live silo has them all, a call that needs a new
/// activation fails at once with <see cref="NoSiloWithTagsException"/> naming the missing tags.
/// </summary>
/// <example><c>[RequiresSiloTags("gpu")] public sealed class MarginalsGrain : Grain, IMarginalsGrain</c></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class RequiresSiloTagsAttribute(params string[] tags) : PlacementAttribute(new SiloTagsPlacement(tags))
{
}
