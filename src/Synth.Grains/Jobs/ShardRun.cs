using Synth.Storage;

namespace Synth.Grains.Jobs;

/// <summary>A claimed shard as its runner sees it: what to do, where to write, and how to report.</summary>
/// <param name="Threads">Threads the shard may use (<see cref="ShardWorkerOptions.Threads"/>).</param>
/// <param name="ReportRows">Rows done so far (sent to the job every report period).</param>
/// <param name="ReportStage">The work's stage (sent with the next report).</param>
/// <param name="Generated">Completed once the CPU-heavy part is over, so the silo may claim the next shard while this one commits.</param>
/// <param name="Stop">Cancelled to stop the run: by the job (cancel, claim taken back), by the silo stopping, or by the runner itself.</param>
internal sealed record ShardRun(
    ShardAssignment Assignment,
    IJobGrain Job,
    IArtifactStore Artifacts,
    int Threads,
    Action<long> ReportRows,
    Action<ShardStage> ReportStage,
    TaskCompletionSource Generated,
    CancellationTokenSource Stop);
