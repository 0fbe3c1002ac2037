using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Synth.Grains.Streams;

/// <summary>
/// Brings streams back within seconds of their silo's death. A stream runs on its own timer, so
/// nobody calls it when its silo dies, and its reminder would wake it elsewhere only within a minute;
/// so when membership declares a silo dead, one silo (the live one with the lowest address, so that
/// the cluster does it once) calls every stream not stopped, and each running one is activated on a
/// live silo, where it resumes from its checkpoint. Calling a stream that is already running elsewhere
/// costs one message.
/// </summary>
internal sealed partial class StreamKeeper(IClusterMembershipService membership, ILocalSiloDetails self, IGrainFactory grains, ILogger<StreamKeeper> logger) : BackgroundService
{
    private const int Parallelism = 64;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var dead = new HashSet<SiloAddress>();
        var first = true;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var died = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Dead && dead.Add(m.SiloAddress));
                // Silos dead before this one joined were somebody else's business (and the reminders').
                if (first || died == 0)
                {
                    first = false;
                    continue;
                }
                var keeper = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).Order().FirstOrDefault();
                if (keeper is null || !keeper.Equals(self.SiloAddress)) continue;
                await WakeAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    private async Task WakeAsync(CancellationToken stoppingToken)
    {
        var ids = await StreamIndex.ListLiveAsync(grains);
        var failed = 0;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken }, async (id, _) =>
        {
            try
            {
                await grains.GetGrain<IStreamerGrain>(id).GetAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Its reminder brings it back later; the keeper goes on with the others.
                Interlocked.Increment(ref failed);
            }
        });
        LogWoken(logger, ids.Count, failed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "a silo died: called the {Streams} streams not stopped to bring the running ones back ({Failed} calls failed; their reminders will)")]
    private static partial void LogWoken(ILogger logger, int streams, int failed);
}
