using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Synth.Runtime.Calls;

namespace Synth.Api.Problems;

/// <summary>
/// The one place where exceptions become answers. Grain failures arrive as
/// <see cref="GrainCallException"/> carrying the remote type's name: the job contract's
/// JobConflictException and KeyNotFoundException map to 409 and 404; anything else is a 500
/// whose body says only that the cluster failed (the details go to the log, never to the client).
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
        GrainCallException { RemoteType: "JobConflictException" } e => (StatusCodes.Status409Conflict, e.RemoteMessage),
        GrainCallException { RemoteType: "KeyNotFoundException" } e => (StatusCodes.Status404NotFound, e.RemoteMessage),
        GrainCallException { RemoteType: "UnauthorizedAccessException" } e => (StatusCodes.Status403Forbidden, e.RemoteMessage),
        GrainCallException { RemoteType: "BudgetConflictException" } e => (StatusCodes.Status409Conflict, e.RemoteMessage),
        GrainCallException { RemoteType: "ModelConflictException" } e => (StatusCodes.Status409Conflict, e.RemoteMessage),
        GrainCallException { RemoteType: "NoEligibleSiloException" } e => (StatusCodes.Status503ServiceUnavailable, e.RemoteMessage),
        GrainCallTimeoutException => (StatusCodes.Status504GatewayTimeout, "the cluster did not answer in time; the request may still complete, so check before retrying"),
        // Names the missing tag: the one failure a user can fix (start a silo with it, or drop it from requiredTags).
        NoEligibleSiloException e => (StatusCodes.Status503ServiceUnavailable, e.Message),
        _ => (StatusCodes.Status500InternalServerError, "the request failed inside Synth; the server log has the details"),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string path);
}
