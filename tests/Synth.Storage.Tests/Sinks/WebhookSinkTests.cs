using System.Security.Cryptography;
using System.Text;
using Synth.Storage.Sinks;
using Synth.TestSupport;

namespace Synth.Storage.Tests.Sinks;

/// <summary>The webhook sink against a real HTTP endpoint on loopback.</summary>
public sealed class WebhookSinkTests
{
    private static readonly HttpClient Http = new();
    private static readonly byte[] Records = Encoding.UTF8.GetBytes("{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n");

    [Fact]
    public async Task A_batch_is_posted_as_json_lines_with_its_sequence_headers_and_an_hmac_signature_of_the_body()
    {
        await using var receiver = new WebhookReceiver();
        var sink = new WebhookSink(Http, receiver.Url, "s1", asArray: false, secret: "k3y", from: 40);

        await sink.WriteAsync(Records, 3, CancellationToken.None);

        var batch = receiver.Accepted.Single();
        (batch.First, batch.Count, batch.ContentType).Should().Be((40L, 3, "application/x-ndjson"));
        batch.Body.Should().Equal(Records);
        batch.IdempotencyKey.Should().Be("s1-40-3");
        batch.Signature.Should().Be("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("k3y"u8.ToArray(), Records)));
        (sink.Position, sink.Acked).Should().Be((43L, 43L));
    }

    [Fact]
    public async Task As_json_a_batch_is_one_array_of_the_records()
    {
        await using var receiver = new WebhookReceiver();
        var sink = new WebhookSink(Http, receiver.Url, "s1", asArray: true, secret: null, from: 0);

        await sink.WriteAsync(Records, 3, CancellationToken.None);

        var batch = receiver.Accepted.Single();
        batch.ContentType.Should().StartWith("application/json");
        batch.Text.Should().Be("[{\"id\":1},{\"id\":2},{\"id\":3}]");
        batch.Signature.Should().BeNull("no secret, no signature");
    }

    [Fact]
    public async Task A_refused_batch_is_tried_once_more_before_the_delivery_fails()
    {
        await using var receiver = new WebhookReceiver { Fails = n => n == 1 };
        var sink = new WebhookSink(Http, receiver.Url, "s1", asArray: false, secret: null, from: 0);

        await sink.WriteAsync(Records, 3, CancellationToken.None);

        receiver.Requests.Should().Be(2);
        receiver.Accepted.Should().ContainSingle();
        sink.Position.Should().Be(3);
    }

    [Fact]
    public async Task A_receiver_that_keeps_refusing_fails_the_delivery_naming_the_answer_and_the_position_stays()
    {
        await using var receiver = new WebhookReceiver { Down = true };
        var sink = new WebhookSink(Http, receiver.Url, "s1", asArray: false, secret: null, from: 7);

        var write = async () => await sink.WriteAsync(Records, 3, CancellationToken.None);

        (await write.Should().ThrowAsync<SinkException>()).WithMessage("*answered 503*");
        (sink.Position, sink.Acked).Should().Be((7L, 7L));
    }

    [Fact]
    public async Task A_receiver_that_is_not_there_fails_the_delivery()
    {
        Uri url;
        await using (var gone = new WebhookReceiver()) url = gone.Url;
        var sink = new WebhookSink(Http, url, "s1", asArray: false, secret: null, from: 0);

        var write = async () => await sink.WriteAsync(Records, 3, CancellationToken.None);

        (await write.Should().ThrowAsync<SinkException>()).WithMessage($"webhook {url}*");
        sink.Position.Should().Be(0);
    }
}
