using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orleans.Runtime;
using Synth.Grains.Audit;
using Synth.Grains.Datasets;
using Synth.Grains.Jobs;
using Synth.Grains.Models;
using Synth.Grains.Placement;
using Synth.Grains.Privacy;
using Synth.Grains.Streams;

namespace Synth.Api.Problems;

/// <summary>
/// The one place where exceptions become answers. Grain calls rethrow the grain's own exception,
/// of its own type (Orleans serializes it), so the contract's exceptions map by type:
/// KeyNotFoundException 404, UnauthorizedAccessException 403, the conflicts 409, no silo with a
/// required tag 503, a call the cluster did not answer in time 504; anything else is a 500 whose
/// body says only that the request failed (the details go to the log, never to the client).
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.RequestAborted.IsCancellationRequested) return true; // the client left; nobody reads an answer
        var (status, detail) = Map(exception);
        if (status >= 500) LogFailed(logger, exception, context.Request.Method, context.Request.Path);
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        }).ConfigureAwait(false);
    }

    private static (int Status, string Detail) Map(Exception exception) => exception switch
    {
        BadHttpRequestException e => (e.StatusCode, e.Message),
        KeyNotFoundException e => (StatusCodes.Status404NotFound, e.Message),
        UnauthorizedAccessException e => (StatusCodes.Status403Forbidden, e.Message),
        JobConflictException e => (StatusCodes.Status409Conflict, e.Message),
        BudgetConflictException e => (StatusCodes.Status409Conflict, e.Message),
        ModelConflictException e => (StatusCodes.Status409Conflict, e.Message),
        DatasetConflictException e => (StatusCodes.Status409Conflict, e.Message),
        StreamConflictException e => (StatusCodes.Status409Conflict, e.Message),
        // The audit log could not keep this request's event: refused rather than unrecorded.
        AuditUnavailableException e => (StatusCodes.Status503ServiceUnavailable, e.Message),
        // Names the missing tag: the one failure a user can fix (start a silo with it).
        NoSiloWithTagsException e => (StatusCodes.Status503ServiceUnavailable, e.Message),
        TimeoutException => (StatusCodes.Status504GatewayTimeout, "the cluster did not answer in time; the request may still complete, so check before retrying"),
        SiloUnavailableException or OrleansMessageRejectionException => (StatusCodes.Status503ServiceUnavailable, "no silo could take the request; try again shortly"),
        _ => (StatusCodes.Status500InternalServerError, "the request failed inside Synth; the server log has the details"),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string path);
}
