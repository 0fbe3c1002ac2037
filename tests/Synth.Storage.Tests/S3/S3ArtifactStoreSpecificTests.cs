using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Synth.Storage.S3;
using Synth.Storage.Tests.TestSupport;

namespace Synth.Storage.Tests.S3;

/// <summary>What only the S3 store does: multipart uploads, and the SDK's failures turned into the store's.</summary>
[Collection(S3rverCollection.Name)]
[Trait("Category", "Integration")]
public sealed class S3ArtifactStoreSpecificTests(S3rverServer s3rver) : IDisposable
{
    private const int PartSize = 5 * 1024 * 1024;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task An_object_larger_than_a_part_goes_up_as_a_multipart_upload_of_part_sized_parts()
    {
        var options = s3rver.NewOptions();
        options.PartSize = PartSize;
        using var store = new S3ArtifactStore(options);
        var bytes = TestBytes.Of(2 * PartSize + 1234, seed: 5);

        await using (var upload = await store.BeginUploadAsync("jobs/m/part-0.bin", Ct))
        {
            await upload.Content.WriteAsync(bytes, Ct);
            (await upload.CommitAsync(Ct)).Length.Should().Be(bytes.Length);
            ((S3ArtifactUpload)upload).PartsUploaded.Should().Be(3);
        }

        await using var stream = await store.OpenReadAsync("jobs/m/part-0.bin", cancellationToken: Ct);
        (await SHA256.HashDataAsync(stream, Ct)).Should().Equal(SHA256.HashData(bytes));
    }

    [Fact]
    public async Task An_object_smaller_than_a_part_goes_up_in_one_request_at_commit()
    {
        using var store = new S3ArtifactStore(s3rver.NewOptions());

        await using var upload = await store.BeginUploadAsync("small.csv", Ct);
        await upload.Content.WriteAsync(TestBytes.Of(1000), Ct);
        await upload.CommitAsync(Ct);

        ((S3ArtifactUpload)upload).PartsUploaded.Should().Be(0);
        (await store.ReadAsync("small.csv", cancellationToken: Ct)).Should().Equal(TestBytes.Of(1000));
    }

    [Fact]
    public async Task An_unknown_access_key_fails_with_the_status_and_the_services_error_code()
    {
        // s3rver checks the access key but not SigV4 signatures, so a wrong secret would pass there.
        var options = s3rver.NewOptions();
        options.AccessKey = "NOT-A-KEY";
        using var store = new S3ArtifactStore(options);

        var thrown = await FluentActions.Awaiting(() => store.GetInfoAsync("a.csv", Ct)).Should().ThrowAsync<ArtifactStoreException>();

        thrown.Which.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        thrown.Which.ErrorCode.Should().Be("InvalidAccessKeyId");
        thrown.Which.Message.Should().Contain("403").And.Contain("InvalidAccessKeyId");
    }

    [Fact]
    public async Task A_service_nobody_listens_on_fails_with_a_store_exception()
    {
        var options = s3rver.NewOptions();
        options.ServiceUrl = new Uri($"http://127.0.0.1:{UnusedPort()}");
        options.MaxRetries = 0;
        using var store = new S3ArtifactStore(options);

        await FluentActions.Awaiting(() => store.GetInfoAsync("a.csv", Ct)).Should().ThrowAsync<ArtifactStoreException>().WithMessage("S3: *");
    }

    // A port that was free a moment ago; nothing listens on it now.
    private static int UnusedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
