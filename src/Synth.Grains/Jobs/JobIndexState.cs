namespace Synth.Grains.Jobs;

/// <summary>The durable state of the JobIndexGrain.</summary>
[GenerateSerializer, Alias("synth.jobs.JobIndexState")]
public sealed class JobIndexState
{
    [Id(0)]
    public Dictionary<string, JobListing> Jobs { get; set; } = new(StringComparer.Ordinal);
}
