namespace Synth.Storage.Azure;

/// <summary>
/// The parts of a standard Azure Storage connection string that the blob store needs
/// (<c>DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net</c>,
/// optionally <c>BlobEndpoint=…</c>), or <c>UseDevelopmentStorage=true</c> for a local Azurite on
/// its default port.
/// </summary>
internal sealed record AzureStorageConnectionString(string AccountName, string AccountKey, Uri BlobEndpoint)
{
    /// <summary>Azurite's account; its name and key are public, documented by Azurite for local use only.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite's public account key (not a secret: every Azurite has it).</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Parses <paramref name="connectionString"/>; the error names the setting that is missing or wrong.</summary>
    public static AzureStorageConnectionString Parse(string connectionString, string settingName)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Only the first '=' separates: base64 keys end with '='.
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new ArgumentException($"{settingName}: '{Redact(part)}' is not a key=value pair.");
            values[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }

        if (values.TryGetValue("UseDevelopmentStorage", out var development) && development.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return new AzureStorageConnectionString(DevelopmentAccountName, DevelopmentAccountKey,
                new Uri($"http://127.0.0.1:10000/{DevelopmentAccountName}"));
        }

        if (values.ContainsKey("SharedAccessSignature"))
            throw new ArgumentException($"{settingName}: shared access signatures are not supported; give AccountName and AccountKey.");
        var account = Required(values, "AccountName", settingName);
        var key = Required(values, "AccountKey", settingName);
        Uri endpoint;
        if (values.TryGetValue("BlobEndpoint", out var blobEndpoint))
        {
            if (!Uri.TryCreate(blobEndpoint, UriKind.Absolute, out endpoint!))
                throw new ArgumentException($"{settingName}: BlobEndpoint '{blobEndpoint}' is not an absolute URI.");
        }
        else
        {
            var protocol = values.GetValueOrDefault("DefaultEndpointsProtocol", "https");
            var suffix = values.GetValueOrDefault("EndpointSuffix", "core.windows.net");
            endpoint = new Uri($"{protocol}://{account}.blob.{suffix}");
        }

        return new AzureStorageConnectionString(account, key, endpoint);
    }

    private static string Required(Dictionary<string, string> values, string name, string settingName) =>
        values.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new ArgumentException($"{settingName} has no {name}.");

    // Never echo a key into an error message or a log.
    private static string Redact(string part) =>
        part.StartsWith("AccountKey", StringComparison.OrdinalIgnoreCase) ? "AccountKey…" : part;
}
