using System.Net;
using System.Xml.Linq;

namespace Synth.Storage.Azure;

/// <summary>
/// The transport under <see cref="AzureBlobArtifactStore"/>: one HttpClient, signed requests,
/// retries of transient failures, and the service's error answers turned into
/// <see cref="ArtifactStoreException"/>s. Knows nothing about artifacts.
/// </summary>
internal sealed class AzureBlobClient : IDisposable
{
    /// <summary>The REST API version spoken; Azure and Azurite both accept it.</summary>
    public const string ServiceVersion = "2021-08-06";

    private static readonly TimeSpan s_firstBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly SharedKeyAuthorizer _authorizer;
    private readonly string _containerUri;
    private readonly int _maxRetries;
    private readonly TimeSpan _requestTimeout;

    public AzureBlobClient(AzureStorageConnectionString account, string container, int maxRetries, TimeSpan requestTimeout)
    {
        // Connections are recycled now and then so DNS changes (a failover of the account) are seen.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan, // per request instead, see SendAsync
        };
        _authorizer = new SharedKeyAuthorizer(account.AccountName, account.AccountKey);
        _containerUri = account.BlobEndpoint.AbsoluteUri.TrimEnd('/') + "/" + container;
        _maxRetries = maxRetries;
        _requestTimeout = requestTimeout;
    }

    /// <summary>The container's URI with <paramref name="query"/> (already escaped) appended.</summary>
    public Uri ContainerUri(string query) => new(_containerUri + "?" + query);

    /// <summary>The blob's URI, each key segment escaped, with an optional escaped query.</summary>
    public Uri BlobUri(string key, string? query = null)
    {
        var path = string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
        return new Uri(_containerUri + "/" + path + (query is null ? "" : "?" + query));
    }

    /// <summary>
    /// Sends the request that <paramref name="build"/> makes (a fresh one per attempt), signed,
    /// retrying transient failures with exponential backoff. Returns the answer whatever its
    /// status once it is not transient or the retries are spent; throws
    /// <see cref="ArtifactStoreException"/> when no answer came at all.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(string operation, string? key, Func<HttpRequestMessage> build,
        CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = build();
            request.Headers.TryAddWithoutValidation("x-ms-version", ServiceVersion);
            _authorizer.Sign(request, DateTimeOffset.UtcNow);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_requestTimeout);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, completion, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                if (attempt >= _maxRetries)
                {
                    var what = e is OperationCanceledException ? $"timed out after {_requestTimeout.TotalSeconds:0.#} s" : "failed: " + e.Message;
                    throw new ArtifactStoreException($"Azure Blob Storage: {Describe(operation, key)} {what} ({attempt + 1} attempts).", innerException: e);
                }

                await Task.Delay(Backoff(attempt, null), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!IsTransient(response.StatusCode) || attempt >= _maxRetries) return response;
            var retryAfter = response.Headers.RetryAfter?.Delta;
            response.Dispose();
            await Task.Delay(Backoff(attempt, retryAfter), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The exception for an answer that is a failure, with the service's error code and message.</summary>
    public static async Task<ArtifactStoreException> FailureAsync(HttpResponseMessage response, string operation, string? key)
    {
        var code = response.Headers.TryGetValues("x-ms-error-code", out var codes) ? codes.FirstOrDefault() : null;
        string? message = null;
        try
        {
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (body.Length > 0)
            {
                var error = XDocument.Parse(body).Root;
                code ??= error?.Element("Code")?.Value;
                message = error?.Element("Message")?.Value.Split('\n')[0].Trim();
            }
        }
        catch (Exception e) when (e is System.Xml.XmlException or HttpRequestException or IOException)
        {
            // No readable error document; the status says enough.
        }

        var status = (int)response.StatusCode;
        var detail = code is null ? "" : message is null ? $" ({code})" : $" ({code}: {message})";
        return new ArtifactStoreException(
            $"Azure Blob Storage: {Describe(operation, key)} failed with HTTP {status} {response.ReasonPhrase}{detail}.",
            response.StatusCode, code);
    }

    /// <summary>The service's error code of a failed answer (from its x-ms-error-code header), if any.</summary>
    public static string? ErrorCode(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-ms-error-code", out var codes) ? codes.FirstOrDefault() : null;

    public void Dispose() => _http.Dispose();

    private static string Describe(string operation, string? key) => key is null ? operation : $"{operation} of '{key}'";

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    // A broken connection or our own per-request timeout; never the caller's cancellation.
    private static bool IsTransient(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or IOException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked && asked > TimeSpan.Zero) return asked < s_maxBackoff ? asked : s_maxBackoff;
        var exponential = s_firstBackoff * Math.Pow(2, attempt);
        var capped = exponential < s_maxBackoff ? exponential : s_maxBackoff;
        // Jitter, so uploads that failed together do not retry together.
        return capped * (0.5 + Random.Shared.NextDouble() / 2);
    }
}
