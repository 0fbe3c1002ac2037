using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Synth.Api.Access;
using Synth.Api.Problems;
using Synth.Grains.Audit;

namespace Synth.Api.Audit;

/// <summary>
/// <c>GET /audit</c> (a page, newest first) and <c>GET /audit/export</c> (every match as JSON Lines,
/// oldest first, streamed), admins only. Read-only by design: there is no endpoint that changes or
/// removes an event, and the table refuses it anyway.
/// </summary>
public static class AuditApi
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;
    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/audit").WithTags("Audit").RequireAuthorization(SynthSchemes.AdminPolicy);
        group.MapGet("/", ListAsync)
            .WithSummary("Audit events, newest first (admins only): filter by actor, action, resource and from/to time; page with the answer's 'next' as cursor")
            .WithProblems(400, 401, 403);
        group.MapGet("/export", ExportAsync)
            .WithSummary("Every matching audit event as JSON Lines, oldest first, streamed (admins only)")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson")
            .WithProblems(400, 401, 403);
        return app;
    }

    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> ListAsync(
        string? actor, string? action, string? resource, string? from, string? to, string? limit, string? cursor, IAuditStore store, CancellationToken cancellationToken)
    {
        var (query, problem) = Filters(actor, action, resource, from, to);
        if (problem is not null) return problem;
        var size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            return ApiProblems.Invalid("limit", $"must be a whole number from 1 to {MaxLimit}");
        }
        long? before = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
            {
                return ApiProblems.Invalid("cursor", "is not a cursor this listing gave out (pass the previous page's 'next')");
            }
            before = id;
        }
        var events = await store.QueryAsync(query! with { Before = before, Limit = size }, cancellationToken);
        var next = events.Count == size ? events[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new AuditPage(events, next));
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> ExportAsync(
        string? actor, string? action, string? resource, string? from, string? to, IAuditStore store, IOptions<JsonOptions> json, HttpContext context)
    {
        var (query, problem) = Filters(actor, action, resource, from, to);
        if (problem is not null) return problem;
        var response = context.Response;
        response.ContentType = "application/x-ndjson; charset=utf-8";
        response.Headers.ContentDisposition = "attachment; filename=\"audit.jsonl\"";
        var cancellationToken = context.RequestAborted;
        // Page by page (oldest first, after the last id written): memory stays flat however long the log.
        long? after = null;
        while (true)
        {
            var page = await store.QueryAsync(query! with { After = after, Limit = MaxLimit, Ascending = true }, cancellationToken);
            foreach (var auditEvent in page)
            {
                await JsonSerializer.SerializeAsync(response.Body, auditEvent, json.Value.SerializerOptions, cancellationToken);
                await response.Body.WriteAsync(NewLine, cancellationToken);
            }
            await response.Body.FlushAsync(cancellationToken);
            if (page.Count < MaxLimit) return TypedResults.Empty;
            after = page[^1].Id;
        }
    }

    /// <summary>The filters as a query, or a 400 naming the parameter that is not a time.</summary>
    private static (AuditQuery? Query, ProblemHttpResult? Problem) Filters(string? actor, string? action, string? resource, string? from, string? to)
    {
        DateTimeOffset? fromTime = null, toTime = null;
        if (from is not null)
        {
            if (!TryTime(from, out var t)) return (null, ApiProblems.Invalid("from", $"'{from}' is not a time (ISO 8601, e.g. 2026-12-05T00:00:00Z)"));
            fromTime = t;
        }
        if (to is not null)
        {
            if (!TryTime(to, out var t)) return (null, ApiProblems.Invalid("to", $"'{to}' is not a time (ISO 8601, e.g. 2026-12-05T00:00:00Z)"));
            toTime = t;
        }
        return (new AuditQuery(Empty(actor), Empty(action), Empty(resource), fromTime, toTime), null);
    }

    private static bool TryTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    private static string? Empty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
