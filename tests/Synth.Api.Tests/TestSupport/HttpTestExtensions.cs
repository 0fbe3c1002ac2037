using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Synth.Api.Tests.TestSupport;

public static class HttpTestExtensions
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body, string? idempotencyKey = null) =>
        client.PostJsonAsync(url, JsonSerializer.Serialize(body, Json.Web), idempotencyKey);

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts the answer is a problem+json with <paramref name="status"/> and returns it.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", body);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.TryGetProperty("detail", out _).Should().BeTrue(body);
        return problem;
    }

    /// <summary>The messages of the problem's <c>errors</c> entry for <paramref name="key"/> (a field name or schema path).</summary>
    public static IReadOnlyList<string> ErrorsOf(this JsonElement problem, string key)
    {
        problem.TryGetProperty("errors", out var errors).Should().BeTrue(problem.ToString());
        errors.TryGetProperty(key, out var messages).Should().BeTrue($"errors should name '{key}': {errors}");
        return messages.EnumerateArray().Select(m => m.GetString()!).ToList();
    }

    public static MediaTypeHeaderValue? MediaType(this HttpResponseMessage response) => response.Content.Headers.ContentType;
}

public static class Json
{
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
