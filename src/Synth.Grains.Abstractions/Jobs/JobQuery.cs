namespace Synth.Grains.Jobs;

/// <param name="Status">Only jobs in this status.</param>
/// <param name="Owner">Only jobs of this owner.</param>
/// <param name="Limit">Page size, 1 to 1000.</param>
/// <param name="Cursor">The <see cref="JobPage.Next"/> of the previous page; null for the first.</param>
[GenerateSerializer, Immutable, Alias("synth.jobs.JobQuery")]
public sealed record JobQuery(JobStatus? Status = null, string? Owner = null, int Limit = 50, string? Cursor = null);
