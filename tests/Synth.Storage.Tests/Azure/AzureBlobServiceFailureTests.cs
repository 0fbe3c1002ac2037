using System.Net;
using Synth.Storage.Azure;
using Synth.Storage.Tests.TestSupport;

namespace Synth.Storage.Tests.Azure;

/// <summary>How the Azure store meets a service that refuses it or fails now and then (Azurite, through a proxy that fails connections).</summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AzureBlobServiceFailureTests(AzuriteServer azurite) : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task A_wrong_account_key_fails_with_the_status_and_the_services_error_code()
    {
        var options = azurite.NewOptions();
        options.AccountKey = Convert.ToBase64String(new byte[64]);
        using var store = new AzureBlobArtifactStore(options);

        var thrown = await FluentActions.Awaiting(() => store.GetInfoAsync("a.csv", Ct)).Should().ThrowAsync<ArtifactStoreException>();

        thrown.Which.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        thrown.Which.ErrorCode.Should().NotBeNullOrEmpty();
        thrown.Which.Message.Should().Contain("403").And.Contain(thrown.Which.ErrorCode);
    }

    [Fact]
    public async Task Transient_failures_are_retried_until_the_service_answers()
    {
        await using var proxy = new FlakyProxy(azurite.BlobEndpoint.Port, failures: 2);
        var options = azurite.NewOptions();
        options.BlobEndpoint = new Uri($"http://127.0.0.1:{proxy.Port}{azurite.BlobEndpoint.AbsolutePath}");
        using var store = new AzureBlobArtifactStore(options);

        await store.PutAsync("retried.bin", TestBytes.Of(5000), Ct);

        proxy.Failed.Should().Be(2);
        proxy.Relayed.Should().BeGreaterThan(0);
        (await store.ReadAsync("retried.bin", cancellationToken: Ct)).Should().Equal(TestBytes.Of(5000));
    }

    [Fact]
    public async Task A_service_that_keeps_failing_is_given_up_on_after_the_configured_retries()
    {
        await using var proxy = new FlakyProxy(azurite.BlobEndpoint.Port, failures: int.MaxValue);
        var options = azurite.NewOptions();
        options.BlobEndpoint = new Uri($"http://127.0.0.1:{proxy.Port}{azurite.BlobEndpoint.AbsolutePath}");
        options.MaxRetries = 2;
        using var store = new AzureBlobArtifactStore(options);

        var thrown = await FluentActions.Awaiting(() => store.GetInfoAsync("a.csv", Ct)).Should().ThrowAsync<ArtifactStoreException>();

        thrown.Which.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        thrown.Which.Message.Should().Contain("503");
        proxy.Failed.Should().Be(3, "one attempt and two retries");
    }

    [Fact]
    public async Task A_store_configured_from_a_connection_string_works()
    {
        using var store = new AzureBlobArtifactStore(new AzureBlobArtifactStoreOptions
        {
            ConnectionString = azurite.ConnectionString,
            Container = "t-" + Guid.NewGuid().ToString("N"),
        });

        await store.PutAsync("from/connection-string.txt", TestBytes.Of(10), Ct);

        (await store.ReadAsync("from/connection-string.txt", cancellationToken: Ct)).Should().Equal(TestBytes.Of(10));
    }

    [Fact]
    public async Task Two_stores_on_one_container_see_each_others_objects()
    {
        var options = azurite.NewOptions();
        using var writer = new AzureBlobArtifactStore(options);
        using var reader = new AzureBlobArtifactStore(options);

        await writer.PutAsync("shared.csv", TestBytes.Of(77), Ct);

        (await reader.GetInfoAsync("shared.csv", Ct))!.Length.Should().Be(77);
    }
}
