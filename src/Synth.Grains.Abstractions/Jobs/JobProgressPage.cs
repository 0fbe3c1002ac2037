namespace Synth.Grains.Jobs;

/// <summary>
/// An answer of <see cref="IJobGrain.ReadProgressAsync"/>. The job keeps its events in memory for
/// the life of its activation, and its last event in its state; after a failover a reader that
/// asked for events the old activation had is given the job's current state as the next event
/// (events are snapshots, so nothing is lost but intermediate rates), with a sequence number
/// above every one given before.
/// </summary>
/// <param name="Events">In order, sequences increasing by one (empty when nothing came within the wait).</param>
/// <param name="Ended">True when no event will ever follow: the job is final and every event was given, or the job does not exist (deleted).</param>
[GenerateSerializer, Immutable, Alias("synth.jobs.JobProgressPage")]
public sealed record JobProgressPage(IReadOnlyList<SequencedProgress> Events, bool Ended);
