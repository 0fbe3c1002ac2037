using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Synth.Api.Status;

/// <summary>Health answers as JSON: <c>{"status":"Healthy","checks":[{"name","status","description"}]}</c>; exceptions stay in the log.</summary>
internal static class HealthReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}
