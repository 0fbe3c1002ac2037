namespace Synth.Storage.Azure;

/// <summary>
/// Where and how <see cref="AzureBlobArtifactStore"/> stores artifacts (configuration section
/// <c>Synth:Artifacts:Azure</c>). Give either <see cref="ConnectionString"/> or
/// <see cref="AccountName"/> + <see cref="AccountKey"/> (+ <see cref="BlobEndpoint"/>); a value
/// given on its own wins over the same value in the connection string.
/// </summary>
public sealed class AzureBlobArtifactStoreOptions
{
    private const int MaxBlockSize = 256 * 1024 * 1024;

    /// <summary>
    /// A standard connection string (<c>DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…;BlobEndpoint=…</c>
    /// or <c>UseDevelopmentStorage=true</c>). A secret: never logged.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The storage account's name.</summary>
    public string? AccountName { get; set; }

    /// <summary>The account key, base64, as the portal shows it. A secret: never logged.</summary>
    public string? AccountKey { get; set; }

    /// <summary>
    /// The blob service's address. Default <c>https://{AccountName}.blob.core.windows.net</c>; for
    /// Azurite <c>http://127.0.0.1:10000/devstoreaccount1</c> (the account is part of the path).
    /// </summary>
    public Uri? BlobEndpoint { get; set; }

    /// <summary>The container that holds the artifacts; created on first use when missing. Default <c>synth-artifacts</c>.</summary>
    public string Container { get; set; } = "synth-artifacts";

    /// <summary>Bytes per block of an upload (one Put Block request each). Default 8 MiB; at most 256 MiB (each block in flight is held in memory).</summary>
    public int BlockSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>Blocks of one upload sent at the same time; memory per upload is (this + 1) blocks. Default 4.</summary>
    public int MaxBlocksInFlight { get; set; } = 4;

    /// <summary>Objects per List Blobs request. Default: the service's (5000, its maximum).</summary>
    public int? PageSize { get; set; }

    /// <summary>Retries of a request that failed transiently (5xx, 408, 429, broken connection, timeout). Default 4.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>Network timeout of one request, body included (the SDK's NetworkTimeout). Default 100 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// What is wrong with these options, one message each, naming the setting as
    /// <paramref name="settingPrefix"/> + property (e.g. <c>Synth:Artifacts:Azure:AccountKey</c>).
    /// </summary>
    public IReadOnlyList<string> Validate(string settingPrefix = "")
    {
        var problems = new List<string>();
        AzureStorageConnectionString? parsed = null;
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            try
            {
                parsed = AzureStorageConnectionString.Parse(ConnectionString, settingPrefix + nameof(ConnectionString));
            }
            catch (ArgumentException e)
            {
                problems.Add(e.Message);
            }
        }

        var name = AccountName ?? parsed?.AccountName;
        var key = AccountKey ?? parsed?.AccountKey;
        if (string.IsNullOrWhiteSpace(name)) problems.Add($"{settingPrefix}{nameof(AccountName)} is missing (or give {settingPrefix}{nameof(ConnectionString)}).");
        if (string.IsNullOrWhiteSpace(key)) problems.Add($"{settingPrefix}{nameof(AccountKey)} is missing (or give {settingPrefix}{nameof(ConnectionString)}).");
        else if (!IsBase64(key)) problems.Add($"{settingPrefix}{nameof(AccountKey)} is not base64.");
        if (BlobEndpoint is { IsAbsoluteUri: false }) problems.Add($"{settingPrefix}{nameof(BlobEndpoint)} must be an absolute URI.");
        if (!IsValidContainerName(Container))
            problems.Add($"{settingPrefix}{nameof(Container)} '{Container}' is not a container name (3-63 lowercase letters, digits and single hyphens, starting with a letter or digit).");
        if (BlockSize is < 1 or > MaxBlockSize) problems.Add($"{settingPrefix}{nameof(BlockSize)} must be between 1 byte and 256 MiB.");
        if (MaxBlocksInFlight < 1) problems.Add($"{settingPrefix}{nameof(MaxBlocksInFlight)} must be at least 1.");
        if (PageSize is < 1 or > 5000) problems.Add($"{settingPrefix}{nameof(PageSize)} must be between 1 and 5000.");
        if (MaxRetries < 0) problems.Add($"{settingPrefix}{nameof(MaxRetries)} must not be negative.");
        if (RequestTimeout <= TimeSpan.Zero) problems.Add($"{settingPrefix}{nameof(RequestTimeout)} must be positive.");
        return problems;
    }

    /// <summary>The account, key and endpoint these options resolve to; call after <see cref="Validate"/> found nothing.</summary>
    internal AzureStorageConnectionString Resolve()
    {
        var parsed = string.IsNullOrWhiteSpace(ConnectionString) ? null : AzureStorageConnectionString.Parse(ConnectionString, nameof(ConnectionString));
        var name = AccountName ?? parsed!.AccountName;
        var key = AccountKey ?? parsed!.AccountKey;
        var endpoint = BlobEndpoint ?? parsed?.BlobEndpoint ?? new Uri($"https://{name}.blob.core.windows.net");
        return new AzureStorageConnectionString(name, key, endpoint);
    }

    private static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _);

    private static bool IsValidContainerName(string? name)
    {
        if (name is null || name.Length is < 3 or > 63 || name[0] == '-' || name[^1] == '-') return false;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c is >= 'a' and <= 'z' or >= '0' and <= '9' || (c == '-' && name[i - 1] != '-');
            if (!ok) return false;
        }

        return true;
    }
}
