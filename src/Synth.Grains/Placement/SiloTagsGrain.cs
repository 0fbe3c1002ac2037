using Orleans.Concurrency;

namespace Synth.Grains.Placement;

[StatelessWorker]
internal sealed class SiloTagsGrain(ISiloTagDirectory directory, IClusterMembershipService membership) : Grain, ISiloTagsGrain
{
    public Task<Dictionary<string, string[]>> GetTagsAsync()
    {
        var tags = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (silo, member) in membership.CurrentSnapshot.Members)
        {
            if (member.Status == SiloStatus.Active) tags[silo.ToParsableString()] = [.. directory.TagsOf(silo)];
        }
        return Task.FromResult(tags);
    }
}
