using System.Globalization;

namespace Synth.Grains.Jobs;

/// <summary>
/// Every job's listing row in one grain's state. Simple and durable; fine for thousands of jobs
/// (each change rewrites the list). Pages are cut by a cursor (creation time, id), so a page
/// boundary does not shift when new jobs arrive.
/// </summary>
internal sealed class JobIndexGrain([PersistentState("jobIndex", SynthStorage.Name)] IPersistentState<JobIndexState> state) : Grain, IJobIndexGrain
{
    // Announcements live in memory: a silo that misses one (this activation moved) finds the work at its next poll.
    private long _announcements;
    private TaskCompletionSource _work = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private JobIndexState State
    {
        get => state.State;
        set => state.State = value;
    }

    public const int MaxLimit = 1000;

    public Task RecordAsync(JobListing job)
    {
        ArgumentNullException.ThrowIfNull(job);
        State.Jobs[job.Id] = job;
        return state.WriteStateAsync();
    }

    public Task AnnounceAsync(string jobId)
    {
        _announcements++;
        var waiting = _work;
        _work = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting.TrySetResult();
        return Task.CompletedTask;
    }

    public async Task<long> WaitForWorkAsync(long seen, TimeSpan wait)
    {
        if (_announcements == seen)
        {
            try
            {
                await _work.Task.WaitAsync(wait);
            }
            catch (TimeoutException)
            {
            }
        }
        return _announcements;
    }

    public Task RemoveAsync(string jobId) => State.Jobs.Remove(jobId) ? state.WriteStateAsync() : Task.CompletedTask;

    public Task<IReadOnlyList<JobListing>> GetActiveAsync() =>
        Task.FromResult<IReadOnlyList<JobListing>>([.. State.Jobs.Values.Where(j => !j.Status.IsFinal()).OrderBy(j => j.CreatedAt).ThenBy(j => j.Id, StringComparer.Ordinal)]);

    public Task<JobPage> ListAsync(JobQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > MaxLimit) throw new ArgumentException($"limit: must be between 1 and {MaxLimit}");
        var after = query.Cursor is null ? ((DateTimeOffset, string)?)null : ParseCursor(query.Cursor);
        var rows = State.Jobs.Values
            .Where(j => query.Status is null || j.Status == query.Status)
            .Where(j => query.Owner is null || j.Owner == query.Owner)
            .OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id, StringComparer.Ordinal)
            .Where(j => after is not { } c || j.CreatedAt < c.Item1 || (j.CreatedAt == c.Item1 && string.CompareOrdinal(j.Id, c.Item2) < 0))
            .Take(query.Limit + 1)
            .ToList();
        var next = rows.Count > query.Limit ? Cursor(rows[query.Limit - 1]) : null;
        return Task.FromResult(new JobPage([.. rows.Take(query.Limit)], next));
    }

    private static string Cursor(JobListing job) => $"{job.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}.{job.Id}";

    private static (DateTimeOffset, string) ParseCursor(string cursor)
    {
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(cursor.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw new ArgumentException($"cursor: '{cursor}' is not a cursor from a previous page");
        }
        return (new DateTimeOffset(ticks, TimeSpan.Zero), cursor[(dot + 1)..]);
    }
}
