namespace Synth.Grains.Placement;

/// <summary>
/// The tags of the cluster's silos, for clients (the API's <c>/status</c>) that cannot read silo
/// metadata themselves. A stateless worker: whichever silo answers reads its own view of the cluster.
/// </summary>
[Alias("synth.placement.ISiloTagsGrain")]
public interface ISiloTagsGrain : IGrainWithIntegerKey
{
    /// <summary>Tags by silo (Orleans' parsable silo address), for every silo the answering one knows to be active.</summary>
    [Alias("GetTags")]
    Task<Dictionary<string, string[]>> GetTagsAsync();
}
