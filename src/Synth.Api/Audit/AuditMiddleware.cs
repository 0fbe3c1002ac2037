using Synth.Api.Access;
using Synth.Grains.Audit;

namespace Synth.Api.Audit;

/// <summary>
/// Records what requests do, after authentication (who is known) and around everything after it
/// (the status is known): refused credentials (<c>signin.refused</c>, any endpoint), the admin role
/// refused (<c>access.denied</c>), and every request to an <see cref="AuditedRoutes"/> endpoint that
/// succeeded or was refused (403, 409, 413, 422, 429). It also hands the caller to the grain calls
/// of the request (<see cref="AuditContext"/>), so grains record who asked and from where.
/// The response is complete only once its event is queued: a full queue holds requests back.
/// </summary>
internal sealed class AuditMiddleware(RequestDelegate next, IAuditLog audit)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var (actor, role) = Actor(context);
        var address = context.Connection.RemoteIpAddress?.ToString();
        AuditContext.Set(actor, role, address);
        await next(context);

        var status = context.Response.StatusCode;
        var auditEvent = status switch
        {
            StatusCodes.Status401Unauthorized when AccessProblems.FailureOf(context) is { } reason =>
                AuditEvent.Create(actor, role, AuditActions.SignInRefused, null, AuditEvent.Refused, address, $"{context.Request.Method} {context.Request.Path}: {reason}"),
            StatusCodes.Status403Forbidden when Route(context) is null =>
                AuditEvent.Create(actor, role, AuditActions.AccessDenied, null, AuditEvent.Refused, address, $"{context.Request.Method} {context.Request.Path}: needs the admin role"),
            _ => Routed(context, actor, role, address, status),
        };
        if (auditEvent is not null) await audit.RecordAsync(auditEvent, context.RequestAborted);
    }

    private static AuditEvent? Routed(HttpContext context, string actor, string? role, string? address, int status)
    {
        if (Route(context) is not { } route) return null;
        var ok = status is >= 200 and < 300;
        if (!ok && status is not (StatusCodes.Status403Forbidden or StatusCodes.Status409Conflict or StatusCodes.Status413PayloadTooLarge
            or StatusCodes.Status422UnprocessableEntity or StatusCodes.Status429TooManyRequests)) return null;
        var id = context.GetRouteValue("id") as string ?? LastSegment(context.Response.Headers.Location.ToString());
        var location = context.Response.Headers.Location.ToString();
        var detail = ok
            ? (location.Length > 0 && !location.EndsWith("/" + id, StringComparison.Ordinal) ? $"created {location}" : null)
            : $"HTTP {status}";
        return AuditEvent.Create(actor, role, route.Action, id is null ? null : $"{route.Kind}:{id}", ok ? AuditEvent.Ok : AuditEvent.Refused, address, detail);
    }

    private static AuditedRoute? Route(HttpContext context)
    {
        if (context.GetEndpoint() is not RouteEndpoint endpoint) return null;
        return AuditedRoutes.All.GetValueOrDefault($"{context.Request.Method} {endpoint.RoutePattern.RawText}");
    }

    private static (string Actor, string? Role) Actor(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true) return ("anonymous", null);
        var caller = Caller.Of(context);
        return (caller.UserId ?? "anonymous", caller.IsAdmin ? "admin" : "user");
    }

    private static string? LastSegment(string location) => location.Length == 0 ? null : location[(location.LastIndexOf('/') + 1)..];
}
