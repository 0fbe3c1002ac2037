using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Synth.Api.Access;
using Synth.Grains.Jobs;
using Synth.Grains.Streams;

namespace Synth.Cli.Remote;

/// <summary>
/// The HTTP API of a Synth server (docs/api.md), as `synth jobs` and `synth streams` use it. A problem+json reply
/// becomes a <see cref="UsageException"/> (4xx: the request must change) or a
/// <see cref="ServerException"/> (5xx, unreachable), each one readable line. With an API key
/// (SYNTH_API_KEY) every request carries it as a bearer token.
/// </summary>
internal sealed class SynthServerClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;
    private readonly Uri server;

    public SynthServerClient(Uri server, string? apiKey = null)
    {
        this.server = server;
        _http = new HttpClient { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(apiKey)) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public Uri Server => server;

    public async Task<JobInfo> SubmitAsync(JsonObject body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "jobs") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await SendAsync<JobInfo>(request, cancellationToken).ConfigureAwait(false);
    }

    public Task<JobPage> ListAsync(string? status, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (status is not null) query.Add("status=" + Uri.EscapeDataString(status));
        if (limit is not null) query.Add("limit=" + limit);
        if (cursor is not null) query.Add("cursor=" + Uri.EscapeDataString(cursor));
        return SendAsync<JobPage>(new HttpRequestMessage(HttpMethod.Get, "jobs" + (query.Count > 0 ? "?" + string.Join('&', query) : "")), cancellationToken);
    }

    public Task<JobInfo> GetAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<JobInfo>(new HttpRequestMessage(HttpMethod.Get, $"jobs/{Uri.EscapeDataString(id)}"), cancellationToken);

    public Task<JobInfo> CancelAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<JobInfo>(new HttpRequestMessage(HttpMethod.Post, $"jobs/{Uri.EscapeDataString(id)}/cancel"), cancellationToken);

    /// <summary>Streams file <paramref name="file"/> of the job into <paramref name="destination"/>; returns the bytes copied.</summary>
    public async Task<long> DownloadAsync(string id, int file, Stream destination, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"jobs/{Uri.EscapeDataString(id)}/download?file={file}");
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var before = destination.CanSeek ? destination.Position : 0;
        await body.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        var copied = destination.CanSeek ? destination.Position - before : -1;
        if (response.Content.Headers.ContentLength is { } expected && copied >= 0 && copied != expected)
        {
            throw new ServerException($"the download ended after {copied:N0} of {expected:N0} bytes");
        }
        return copied;
    }

    /// <summary>The job's progress events after <paramref name="after"/> (server-sent events), until the one with a final status.</summary>
    public async IAsyncEnumerable<(long Sequence, JobProgressEvent Event)> WatchAsync(string id, long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (sequence, data) in ReadEventsAsync($"jobs/{Uri.EscapeDataString(id)}/events?after={after}", cancellationToken).ConfigureAwait(false))
        {
            var update = JsonSerializer.Deserialize<JobProgressEvent>(data, Json)!;
            yield return (sequence, update);
            if (update.Status.IsFinal()) yield break;
        }
    }

    public Task<CreatedKey> CreateKeyAsync(string name, string role, string? user, CancellationToken cancellationToken) =>
        SendAsync<CreatedKey>(new HttpRequestMessage(HttpMethod.Post, "keys") { Content = JsonContent.Create(new { name, role, user }) }, cancellationToken);

    public Task<KeyList> ListKeysAsync(CancellationToken cancellationToken) => SendAsync<KeyList>(new HttpRequestMessage(HttpMethod.Get, "keys"), cancellationToken);

    public async Task RevokeKeyAsync(string id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"keys/{Uri.EscapeDataString(id)}");
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
    }

    public Task<StreamInfo> CreateStreamAsync(JsonObject body, CancellationToken cancellationToken) =>
        SendAsync<StreamInfo>(new HttpRequestMessage(HttpMethod.Post, "streams") { Content = JsonContent.Create(body) }, cancellationToken);

    public Task<List<StreamInfo>> ListStreamsAsync(CancellationToken cancellationToken) =>
        SendAsync<List<StreamInfo>>(new HttpRequestMessage(HttpMethod.Get, "streams"), cancellationToken);

    public Task<StreamInfo> GetStreamAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<StreamInfo>(new HttpRequestMessage(HttpMethod.Get, $"streams/{Uri.EscapeDataString(id)}"), cancellationToken);

    /// <summary>pause, resume or stop.</summary>
    public Task<StreamInfo> CommandStreamAsync(string id, string command, CancellationToken cancellationToken) =>
        SendAsync<StreamInfo>(new HttpRequestMessage(HttpMethod.Post, $"streams/{Uri.EscapeDataString(id)}/{command}"), cancellationToken);

    public Task<StreamInfo> UpdateStreamAsync(string id, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync<StreamInfo>(new HttpRequestMessage(HttpMethod.Patch, $"streams/{Uri.EscapeDataString(id)}") { Content = JsonContent.Create(body) }, cancellationToken);

    /// <summary>The stream's records after <paramref name="after"/> (server-sent events) as (sequence number, record JSON), until a stopped stream's last.</summary>
    public IAsyncEnumerable<(long Sequence, string Record)> WatchStreamAsync(string id, long after, CancellationToken cancellationToken) =>
        ReadEventsAsync($"streams/{Uri.EscapeDataString(id)}/events?after={after}", cancellationToken);

    /// <summary>Server-sent events of <paramref name="path"/> as (id, data), until the server ends the stream.</summary>
    private async IAsyncEnumerable<(long Id, string Data)> ReadEventsAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(body, Encoding.UTF8);
        long id = 0;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0) yield return (id, data.ToString());
                data.Clear();
            }
            else if (line.StartsWith("id:", StringComparison.Ordinal)) _ = long.TryParse(line.AsSpan(3).Trim(), out id);
            else if (line.StartsWith("data:", StringComparison.Ordinal)) data.Append(line.AsSpan(5).TrimStart());
        }
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false))
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
                ?? throw new ServerException($"{request.Method} {request.RequestUri}: the server sent an empty body");
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ServerException($"cannot reach the Synth server at {server}: {e.Message}");
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var problem = await DescribeProblemAsync(response, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 400 and < 500) throw new UsageException($"{request.Method} {request.RequestUri} → {status} {problem}");
            throw new ServerException($"{request.Method} {request.RequestUri} → {status} {problem}");
        }
    }

    /// <summary>problem+json's title and detail, and each field's errors, on one line.</summary>
    private static async Task<string> DescribeProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (JsonNode.Parse(text) is JsonObject problem)
            {
                var parts = new List<string>();
                if (problem["title"]?.GetValue<string>() is { } title) parts.Add(title);
                // A validation problem's detail repeats its errors on one line: the errors, field by field, say it once.
                var errors = problem["errors"] as JsonObject;
                if (errors is null && problem["detail"]?.GetValue<string>() is { } detail && detail != parts.FirstOrDefault()) parts.Add(detail);
                if (errors is not null)
                {
                    foreach (var (field, messages) in errors)
                    {
                        var list = messages is JsonArray array ? string.Join("; ", array.Select(m => m?.ToString())) : messages?.ToString();
                        parts.Add($"{field}: {list}");
                    }
                }
                if (parts.Count > 0) return string.Join(" — ", parts);
            }
        }
        catch (JsonException)
        {
        }
        return response.StatusCode == HttpStatusCode.NotFound ? "not found" : response.ReasonPhrase ?? "";
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>The server failed or could not be reached (exit code 1, not the user's input).</summary>
internal sealed class ServerException(string message) : Exception(message);
