using Orleans;
using Synth.Api.Access;
using Synth.Api.Datasets;
using Synth.Grains.Access;
using Synth.Grains.Jobs;
using Synth.Grains.Privacy;
using Synth.Grains.Streams;

namespace Synth.Api.Quotas;

/// <summary>
/// A caller's usage, read from the grains that already keep it (the job index, each job's files,
/// the caller's datasets and their budgets, the streams) rather than from counters of its own that could
/// drift from them. It costs one call per succeeded job and per dataset of the caller, and one per stream.
/// </summary>
internal sealed class UsageCalculator(IGrainFactory grains)
{
    private const int PageSize = 1000;

    /// <summary>Every job the caller owns, newest first.</summary>
    public async Task<List<JobListing>> JobsAsync(Caller caller)
    {
        var index = grains.GetGrain<IJobIndexGrain>(IJobIndexGrain.Key);
        var jobs = new List<JobListing>();
        string? cursor = null;
        do
        {
            var page = await index.ListAsync(new JobQuery(null, caller.UserId, PageSize, cursor));
            // A null owner filter lists everyone's: the anonymous admin's own jobs are those without an owner.
            jobs.AddRange(page.Jobs.Where(j => string.Equals(j.Owner, caller.UserId, StringComparison.Ordinal)));
            cursor = page.Next;
        }
        while (cursor is not null);
        return jobs;
    }

    public async Task<int> ActiveJobsAsync(Caller caller) =>
        (await grains.GetGrain<IJobIndexGrain>(IJobIndexGrain.Key).GetActiveAsync()).Count(j => string.Equals(j.Owner, caller.UserId, StringComparison.Ordinal));

    /// <summary>The caller's streams (only those the stream index says may be theirs are read).</summary>
    public Task<List<StreamInfo>> StreamsAsync(Caller caller) => OwnStreamsAsync(caller, liveOnly: false);

    /// <summary>The caller's streams not stopped.</summary>
    public async Task<int> ActiveStreamsAsync(Caller caller) => (await OwnStreamsAsync(caller, liveOnly: true)).Count(s => s.Status != StreamStatus.Stopped);

    private async Task<List<StreamInfo>> OwnStreamsAsync(Caller caller, bool liveOnly)
    {
        IEnumerable<string> ids = await StreamIndex.ListOwnedAsync(grains, caller.UserId);
        if (liveOnly) ids = ids.Intersect(await StreamIndex.ListLiveAsync(grains), StringComparer.Ordinal);
        var streams = await Task.WhenAll(ids.Select(id => grains.GetGrain<IStreamerGrain>(id).GetAsync()));
        return [.. streams.OfType<StreamInfo>().Where(s => string.Equals(s.Spec.Owner, caller.UserId, StringComparison.Ordinal))];
    }

    public Task<IReadOnlyDictionary<string, long>> DatasetsAsync(Caller caller) => grains.GetGrain<IUserDatasetsGrain>(caller.UsageKey).ListAsync();

    /// <summary>Bytes of the files of the given succeeded jobs.</summary>
    public async Task<long> JobStorageAsync(IEnumerable<JobListing> jobs)
    {
        var infos = await Task.WhenAll(jobs.Where(j => j.Status == JobStatus.Succeeded).Select(j => grains.GetGrain<IJobGrain>(j.Id).GetAsync()));
        return infos.Sum(i => i?.Files.Sum(f => f.Length) ?? 0);
    }

    public async Task<long> StorageAsync(Caller caller) =>
        await JobStorageAsync(await JobsAsync(caller)) + StreamStorage(await StreamsAsync(caller)) + (await DatasetsAsync(caller)).Values.Sum();

    private static long StreamStorage(IEnumerable<StreamInfo> streams) => streams.Sum(s => s.Files.Sum(f => f.Bytes));

    public async Task<Usage> UsageAsync(Caller caller, SynthQuotaOptions quotas)
    {
        var jobs = await JobsAsync(caller);
        var datasets = await DatasetsAsync(caller);
        var jobBytes = await JobStorageAsync(jobs);
        var streams = await StreamsAsync(caller);
        var streamBytes = StreamStorage(streams);
        var budgets = await Task.WhenAll(datasets.Keys.Order(StringComparer.Ordinal).Select(async id => (id, budget: await grains.GetGrain<IPrivacyBudgetGrain>(id).GetAsync())));
        var spends = budgets.Where(b => b.budget is not null).Select(b =>
        {
            var budget = DatasetBudget.Of(b.budget!);
            return new DatasetSpend(b.id, budget.SpentEpsilon, budget.SpentRho, budget.RemainingEpsilon);
        }).ToList();
        return new Usage(
            caller.UserId,
            caller.IsAdmin ? SynthRoles.Admin : SynthRoles.User,
            jobs.Where(j => j.Status == JobStatus.Succeeded && j.Kind is JobKind.Generate or JobKind.Sample).Sum(j => j.Rows),
            jobs.Count,
            jobs.Count(j => !j.Status.IsFinal()),
            jobs.GroupBy(j => j.Status).ToDictionary(g => g.Key.ToString(), g => g.Count(), StringComparer.Ordinal),
            streams.Count,
            streams.Count(s => s.Status != StreamStatus.Stopped),
            datasets.Count,
            jobBytes + streamBytes + datasets.Values.Sum(),
            jobBytes,
            streamBytes,
            datasets.Values.Sum(),
            spends.Sum(s => s.SpentRho),
            spends,
            caller.HasQuotas ? quotas : null);
    }
}
