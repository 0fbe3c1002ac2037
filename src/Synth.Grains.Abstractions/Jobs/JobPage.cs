namespace Synth.Grains.Jobs;

/// <param name="Next">Pass as <see cref="JobQuery.Cursor"/> for the next page; null on the last.</param>
[GenerateSerializer, Immutable, Alias("synth.jobs.JobPage")]
public sealed record JobPage(IReadOnlyList<JobListing> Jobs, string? Next);
