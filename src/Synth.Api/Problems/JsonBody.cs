using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Synth.Api.Problems;

/// <summary>
/// Reads a JSON request body. Minimal APIs' own body binding answers a malformed body with a bare
/// 400 (and an over-long one, which surfaces as an IOException, with no answer it controls); reading
/// here gives every case a problem that names the field, line and column: 415 for a body that is not
/// JSON, 400 for bad JSON, 413 (through <see cref="RequestBodyLimitMiddleware"/>) for one too large.
/// </summary>
internal static class JsonBody
{
    /// <summary>The detail of a 415, also when routing refuses the body before a handler runs.</summary>
    public static string NotJson(HttpRequest request) =>
        $"send the request as JSON (Content-Type: application/json); got {(string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : $"Content-Type '{request.ContentType}'")}";

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpContext context) where T : class
    {
        var request = context.Request;
        if (!request.HasJsonContentType()) return (null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, NotJson(request)));
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, options, context.RequestAborted).ConfigureAwait(false);
            return value is null
                ? (null, ApiProblems.Invalid(JsonErrorDescription.BodyKey, "must be a JSON object, not null"))
                : (value, null);
        }
        catch (JsonException e)
        {
            var (field, message) = JsonErrorDescription.Describe(e);
            return (null, ApiProblems.Invalid(field, message));
        }
    }
}
