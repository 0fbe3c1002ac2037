using System.Globalization;
using Synth.Runtime.Grains;

namespace Synth.Grains.Jobs;

/// <summary>
/// Every job's listing row in one grain's state. Simple and durable; fine for thousands of jobs
/// (each change rewrites the list). Pages are cut by a cursor (creation time, id), so a page
/// boundary does not shift when new jobs arrive.
/// </summary>
internal sealed class JobIndexGrain : Grain<JobIndexGrain.Rows>, IJobIndexGrain
{
    public const int MaxLimit = 1000;

    public sealed class Rows
    {
        public Dictionary<string, JobListing> Jobs { get; set; } = new(StringComparer.Ordinal);
    }

    public Task RecordAsync(JobListing job)
    {
        ArgumentNullException.ThrowIfNull(job);
        State.Jobs[job.Id] = job;
        return WriteStateAsync();
    }

    public Task RemoveAsync(string jobId) => State.Jobs.Remove(jobId) ? WriteStateAsync() : Task.CompletedTask;

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
