using System.Text.RegularExpressions;
using Synth.Storage.Azure;

namespace Synth.Storage.Tests.TestSupport;

/// <summary>
/// One Azurite blob service for a test collection, in memory, on 127.0.0.1 and a port of its
/// own choosing; stopped at the end. Each test gets a container of its own (<see cref="NewOptions"/>).
/// </summary>
public sealed partial class AzuriteServer : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("synth-azurite-").FullName;
    private NodeServerProcess? _process;

    /// <summary>http://127.0.0.1:PORT/devstoreaccount1 (Azurite puts the account in the path).</summary>
    public Uri BlobEndpoint => new($"http://127.0.0.1:{Process.Port}/{AzureStorageConnectionString.DevelopmentAccountName}");

    /// <summary>A connection string for this Azurite, in the standard form.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AzureStorageConnectionString.DevelopmentAccountName};" +
        $"AccountKey={AzureStorageConnectionString.DevelopmentAccountKey};BlobEndpoint={BlobEndpoint};";

    private NodeServerProcess Process => _process ?? throw new InvalidOperationException("Azurite was not started.");

    /// <summary>Options for a new, not yet existing container with a random name.</summary>
    public AzureBlobArtifactStoreOptions NewOptions() => new()
    {
        AccountName = AzureStorageConnectionString.DevelopmentAccountName,
        AccountKey = AzureStorageConnectionString.DevelopmentAccountKey,
        BlobEndpoint = BlobEndpoint,
        Container = "t-" + Guid.NewGuid().ToString("N"),
    };

    public async Task InitializeAsync()
    {
        // In memory (Azurite refuses --location with it); the working directory catches any file it
        // might still write. The extent limit keeps a runaway test from eating the machine.
        _process = await NodeServerProcess.StartAsync("azurite-blob",
            ["--blobHost", "127.0.0.1", "--blobPort", "0", "--inMemoryPersistence", "--extentMemoryLimit", "2048",
             "--silent", "--skipApiVersionCheck", "--disableTelemetry"],
            ListeningLine(), _directory);
    }

    public async Task DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [GeneratedRegex(@"listens on http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
