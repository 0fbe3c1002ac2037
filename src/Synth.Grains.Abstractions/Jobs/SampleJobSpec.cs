namespace Synth.Grains.Jobs;

/// <summary>
/// What a sample job samples (<see cref="JobKind.Sample"/>). Rows, format, compression and seed are
/// the job spec's; shard k samples batch k of the model (<c>TableModel.SampleBatch</c>), so the file
/// is the same bytes whoever samples which shard.
/// </summary>
/// <param name="ModelId">The fitted model.</param>
/// <param name="ModelKey">Where the model is in the artifact store.</param>
[GenerateSerializer, Immutable, Alias("synth.jobs.SampleJobSpec")]
public sealed record SampleJobSpec(string ModelId, string ModelKey);
