using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orleans;
using Synth.Api.Access;
using Synth.Grains.Access;

namespace Synth.Api.Quotas;

/// <summary>
/// The quotas a request must fit before anything is created or spent: concurrent jobs and streams (429 with
/// Retry-After), rows per job (413), artifact storage (422). Each refusal is a problem naming the
/// limit (<c>limit</c>: the setting's name) and the caller's figure. Admins have no quotas. A handler
/// takes the caller's turn (<see cref="TakeTurnAsync"/>) before it checks, and holds it until what it
/// creates exists: requests sent at once are then each checked against those admitted before them.
/// </summary>
internal sealed class QuotaGuard(UsageCalculator usage, IGrainFactory grains, IOptions<SynthQuotaOptions> options)
{
    private readonly SynthQuotaOptions _quotas = options.Value;

    /// <summary>The caller's turn to check and create, one request at a time per user (whatever API process serves it).</summary>
    public Task<QuotaTurn> TakeTurnAsync(Caller caller) =>
        caller.HasQuotas ? QuotaTurn.TakeAsync(grains.GetGrain<IQuotaTurnGrain>(caller.UsageKey)) : Task.FromResult(QuotaTurn.None);

    /// <summary>A new job of <paramref name="rows"/> rows (null: rows the caller does not choose, as a fit's).</summary>
    public async Task<ProblemHttpResult?> CheckJobAsync(HttpContext context, Caller caller, long? rows)
    {
        if (!caller.HasQuotas) return null;
        if (rows is { } n && _quotas.MaxRowsPerJob > 0 && n > _quotas.MaxRowsPerJob)
        {
            return Refused(StatusCodes.Status413PayloadTooLarge, nameof(SynthQuotaOptions.MaxRowsPerJob),
                Invariant($"rows: {n:N0} is more than the {_quotas.MaxRowsPerJob:N0} rows one job may have (Synth:Quotas:MaxRowsPerJob)"));
        }
        if (_quotas.ConcurrentJobs > 0 && await usage.ActiveJobsAsync(caller) is var active && active >= _quotas.ConcurrentJobs)
        {
            context.Response.Headers.RetryAfter = _quotas.JobsRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Refused(StatusCodes.Status429TooManyRequests, nameof(SynthQuotaOptions.ConcurrentJobs),
                Invariant($"concurrent jobs: you have {active} queued or running, the most a user may have (Synth:Quotas:ConcurrentJobs = {_quotas.ConcurrentJobs}); retry when one has finished"));
        }
        return await CheckStorageAsync(caller, 0);
    }

    /// <summary>A new stream: the caller's concurrent streams, and their storage (its files will take more).</summary>
    public async Task<ProblemHttpResult?> CheckStreamAsync(HttpContext context, Caller caller)
    {
        if (!caller.HasQuotas) return null;
        if (_quotas.ConcurrentStreams > 0 && await usage.ActiveStreamsAsync(caller) is var active && active >= _quotas.ConcurrentStreams)
        {
            context.Response.Headers.RetryAfter = _quotas.JobsRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Refused(StatusCodes.Status429TooManyRequests, nameof(SynthQuotaOptions.ConcurrentStreams),
                Invariant($"concurrent streams: you have {active} not stopped, the most a user may have (Synth:Quotas:ConcurrentStreams = {_quotas.ConcurrentStreams}); stop one first"));
        }
        return await CheckStorageAsync(caller, 0);
    }

    /// <summary>Storing <paramref name="bytes"/> more (an upload), or a job's output when 0.</summary>
    public async Task<ProblemHttpResult?> CheckStorageAsync(Caller caller, long bytes)
    {
        if (!caller.HasQuotas || _quotas.MaxStorageBytes == 0) return null;
        var stored = await usage.StorageAsync(caller);
        if (stored + bytes < _quotas.MaxStorageBytes || (bytes > 0 && stored + bytes == _quotas.MaxStorageBytes)) return null;
        return Refused(StatusCodes.Status422UnprocessableEntity, nameof(SynthQuotaOptions.MaxStorageBytes),
            Invariant($"storage: you hold {stored:N0} bytes{(bytes > 0 ? $" and this adds {bytes:N0}" : "")}, and a user may hold {_quotas.MaxStorageBytes:N0} (Synth:Quotas:MaxStorageBytes); delete jobs, streams or datasets first"));
    }

    private static ProblemHttpResult Refused(int status, string limit, string detail)
    {
        var problem = new ProblemDetails { Status = status, Title = "A quota is exhausted.", Detail = detail };
        problem.Extensions["limit"] = limit;
        return TypedResults.Problem(problem);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
