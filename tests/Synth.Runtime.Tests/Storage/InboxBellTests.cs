using Synth.Runtime.Storage;

namespace Synth.Runtime.Tests.Storage;

public class InboxBellTests
{
    private static GrainCall Call(byte[] arguments) =>
        new(Guid.NewGuid(), new GrainId("ICounterGrain", "key | with #bars/and/slashes"), "Add/1", arguments, "synth_reply_abc", ["gpu"], DateTimeOffset.UnixEpoch.AddDays(20_000));

    [Fact]
    public void A_small_call_travels_in_the_bell_with_its_sequence()
    {
        var call = Call([1, 2, 3]);

        InboxBell.TryDecode(InboxBell.Encode(call, 42), out var grain, out var decoded).Should().BeTrue();

        grain.Should().Be(call.Target);
        decoded.Should().BeEquivalentTo(call with { Sequence = 42 });
    }

    [Fact]
    public void A_call_too_large_for_a_notification_sends_only_the_grain_id()
    {
        var call = Call(new byte[10_000]);

        var payload = InboxBell.Encode(call, 7);

        payload.Should().Be(call.Target.ToString());
        InboxBell.TryDecode(payload, out var grain, out var decoded).Should().BeTrue();
        grain.Should().Be(call.Target);
        decoded.Should().BeNull("the silo reads a large call from the inbox");
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("#12")]
    [InlineData("#x|{}")]
    [InlineData("#3|not json")]
    public void A_payload_that_is_not_a_bell_is_rejected(string payload)
    {
        InboxBell.TryDecode(payload, out _, out _).Should().BeFalse();
    }
}
