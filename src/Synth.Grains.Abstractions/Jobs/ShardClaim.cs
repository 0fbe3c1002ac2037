namespace Synth.Grains.Jobs;

/// <summary>A silo asking a job for a shard.</summary>
/// <param name="Silo">The asking silo (Orleans' silo address), recorded with the claim so a dead silo's claims are taken back.</param>
/// <param name="Tags">The silo's placement tags; the job's required tags must all be among them.</param>
/// <param name="RequestId">Chosen by the silo per attempt to claim: a retried call with the same id gets the same shard back.</param>
[GenerateSerializer, Immutable, Alias("synth.jobs.ShardClaim")]
public sealed record ShardClaim(string Silo, IReadOnlyList<string> Tags, Guid RequestId);
