namespace Synth.Storage.S3;

/// <summary>
/// Where and how <see cref="S3ArtifactStore"/> stores artifacts (configuration section
/// <c>Synth:Artifacts:S3</c>): Amazon S3 or any S3-compatible server (MinIO, Ceph, s3rver …).
/// </summary>
public sealed class S3ArtifactStoreOptions
{
    private const int MinPartSize = 5 * 1024 * 1024;
    private const int MaxPartSize = 256 * 1024 * 1024;

    /// <summary>The service's address for an S3-compatible server, e.g. <c>http://127.0.0.1:9000</c>. Default: Amazon S3 in <see cref="Region"/>.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>The bucket that holds the artifacts; created on first use when missing. Required.</summary>
    public string? Bucket { get; set; }

    /// <summary>The access key id. With <see cref="SecretKey"/>; leave both out to use the AWS SDK's default credentials (environment, profile, instance role).</summary>
    public string? AccessKey { get; set; }

    /// <summary>The secret access key. A secret: never logged.</summary>
    public string? SecretKey { get; set; }

    /// <summary>The region requests are signed for. Default <c>us-east-1</c>.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>
    /// Address buckets as <c>http://host/bucket/key</c> instead of <c>http://bucket.host/key</c>.
    /// Needed by most local S3-compatible servers. Default false.
    /// </summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Bytes per part of a multipart upload. Default 8 MiB; between 5 MiB (S3's minimum) and 256 MiB.</summary>
    public int PartSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>Parts of one upload sent at the same time; memory per upload is (this + 1) parts. Default 4.</summary>
    public int MaxPartsInFlight { get; set; } = 4;

    /// <summary>Objects per ListObjectsV2 request. Default: the service's (1000, its maximum).</summary>
    public int? PageSize { get; set; }

    /// <summary>Retries of a request that failed transiently, done by the AWS SDK. Default 4.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>Time one request may take. Default 100 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// What is wrong with these options, one message each, naming the setting as
    /// <paramref name="settingPrefix"/> + property (e.g. <c>Synth:Artifacts:S3:Bucket</c>).
    /// </summary>
    public IReadOnlyList<string> Validate(string settingPrefix = "")
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Bucket)) problems.Add($"{settingPrefix}{nameof(Bucket)} is missing.");
        else if (!IsValidBucketName(Bucket))
            problems.Add($"{settingPrefix}{nameof(Bucket)} '{Bucket}' is not a bucket name (3-63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit).");
        if (ServiceUrl is { IsAbsoluteUri: false }) problems.Add($"{settingPrefix}{nameof(ServiceUrl)} must be an absolute URI.");
        if (string.IsNullOrWhiteSpace(AccessKey) != string.IsNullOrWhiteSpace(SecretKey))
        {
            var missing = string.IsNullOrWhiteSpace(AccessKey) ? nameof(AccessKey) : nameof(SecretKey);
            problems.Add($"{settingPrefix}{missing} is missing (give both keys, or neither to use the AWS SDK's default credentials).");
        }

        if (string.IsNullOrWhiteSpace(Region)) problems.Add($"{settingPrefix}{nameof(Region)} is missing.");
        if (PartSize is < MinPartSize or > MaxPartSize) problems.Add($"{settingPrefix}{nameof(PartSize)} must be between 5 MiB and 256 MiB.");
        if (MaxPartsInFlight < 1) problems.Add($"{settingPrefix}{nameof(MaxPartsInFlight)} must be at least 1.");
        if (PageSize is < 1 or > 1000) problems.Add($"{settingPrefix}{nameof(PageSize)} must be between 1 and 1000.");
        if (MaxRetries < 0) problems.Add($"{settingPrefix}{nameof(MaxRetries)} must not be negative.");
        if (RequestTimeout <= TimeSpan.Zero) problems.Add($"{settingPrefix}{nameof(RequestTimeout)} must be positive.");
        return problems;
    }

    private static bool IsValidBucketName(string name) =>
        name.Length is >= 3 and <= 63
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-');
}
