using System.Text.RegularExpressions;
using Synth.Storage.S3;

namespace Synth.Storage.Tests.TestSupport;

/// <summary>
/// One s3rver (a local S3-compatible server) for a test collection, storing in a temporary
/// directory, on 127.0.0.1 and a port of its own choosing; stopped and deleted at the end. Each
/// test gets a bucket of its own (<see cref="NewOptions"/>).
/// </summary>
public sealed partial class S3rverServer : IAsyncLifetime
{
    /// <summary>s3rver accepts any key pair that signs correctly; these are its documented defaults.</summary>
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly string _directory = Directory.CreateTempSubdirectory("synth-s3rver-").FullName;
    private NodeServerProcess? _process;

    /// <summary>http://127.0.0.1:PORT</summary>
    public Uri ServiceUrl => new($"http://127.0.0.1:{Process.Port}");

    private NodeServerProcess Process => _process ?? throw new InvalidOperationException("s3rver was not started.");

    /// <summary>Options for a new, not yet existing bucket with a random name.</summary>
    public S3ArtifactStoreOptions NewOptions() => new()
    {
        ServiceUrl = ServiceUrl,
        Bucket = "t-" + Guid.NewGuid().ToString("N"),
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        ForcePathStyle = true,
    };

    public async Task InitializeAsync()
    {
        var data = Directory.CreateDirectory(Path.Combine(_directory, "data")).FullName;
        // s3rver makes ListObjectsV2 continuation tokens with DES, which Node 17+ (OpenSSL 3)
        // only offers through the legacy provider; without it every second page is an HTTP 500.
        _process = await NodeServerProcess.StartAsync("s3rver",
            ["--directory", data, "--address", "127.0.0.1", "--port", "0", "--silent"],
            ListeningLine(), _directory, new Dictionary<string, string> { ["NODE_OPTIONS"] = "--openssl-legacy-provider" });
    }

    public async Task DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
