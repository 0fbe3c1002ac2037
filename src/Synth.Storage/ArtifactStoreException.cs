using System.Net;

namespace Synth.Storage;

/// <summary>
/// The store failed for a reason other than a missing object: the service refused the request
/// (bad credentials, missing bucket, quota) or kept failing after its retries, or the disk did.
/// </summary>
public sealed class ArtifactStoreException : Exception
{
    public ArtifactStoreException(string message, HttpStatusCode? statusCode = null, string? errorCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The service's HTTP status, when the failure was an HTTP answer.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The service's own error code (e.g. <c>AuthenticationFailed</c>, <c>NoSuchBucket</c>), when it gave one.</summary>
    public string? ErrorCode { get; }
}
