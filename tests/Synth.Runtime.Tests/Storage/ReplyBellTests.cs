using Synth.Runtime.Storage;

namespace Synth.Runtime.Tests.Storage;

public class ReplyBellTests
{
    [Fact]
    public void A_small_reply_travels_in_the_bell()
    {
        var reply = new CallReply(Guid.NewGuid(), false, null, "InvalidOperationException", "disk on fire | and a bar");

        ReplyBell.TryDecode(ReplyBell.Encode(reply), out var id, out var decoded).Should().BeTrue();

        id.Should().Be(reply.CallId);
        decoded.Should().BeEquivalentTo(reply);
    }

    [Fact]
    public void A_reply_too_large_for_a_notification_sends_only_the_call_id()
    {
        var reply = new CallReply(Guid.NewGuid(), true, new byte[10_000], null, null);

        var payload = ReplyBell.Encode(reply);

        payload.Length.Should().BeLessThan(8000);
        ReplyBell.TryDecode(payload, out var id, out var decoded).Should().BeTrue();
        id.Should().Be(reply.CallId);
        decoded.Should().BeNull("the caller reads a large reply from the store");
    }

    [Fact]
    public void A_payload_that_is_not_a_bell_is_rejected()
    {
        ReplyBell.TryDecode("hello", out _, out _).Should().BeFalse();
    }
}
