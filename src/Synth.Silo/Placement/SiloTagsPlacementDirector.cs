using Orleans.Runtime.Placement;
using Synth.Grains.Placement;

namespace Synth.Silo.Placement;

/// <summary>
/// Places a <see cref="SiloTagsPlacement"/> grain on a random compatible silo that has all its tags,
/// and refuses at once, naming the missing tags, when there is none: the call fails instead of
/// waiting for a silo that may never come.
/// </summary>
internal sealed class SiloTagsPlacementDirector(SiloTagDirectory directory) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var tags = ((SiloTagsPlacement)strategy).Tags;
        var candidates = directory.WithTags(context.GetCompatibleSilos(target), tags);
        if (candidates.Count == 0)
        {
            var missing = directory.MissingTags(tags);
            throw new NoSiloWithTagsException(tags, missing.Count == 0 ? tags : missing);
        }
        var hint = IPlacementDirector.GetPlacementHint(target.RequestContextData, [.. candidates]);
        return Task.FromResult(hint ?? candidates[Random.Shared.Next(candidates.Count)]);
    }
}
