using Synth.Grains.Access;
using Synth.TestSupport;

namespace Synth.Grains.Tests.Access;

/// <summary>A user's quota turn: one holder at a time, the next taker waits until it is left, and a turn never left lapses.</summary>
public sealed class QuotaTurnGrainTests
{
    [Fact]
    public async Task A_second_taker_waits_until_the_holder_leaves_and_another_user_does_not_wait()
    {
        await using var cluster = await SynthTestCluster.StartAsync();
        var ann = cluster.Grains.GetGrain<IQuotaTurnGrain>("user:ann");
        var first = await ann.TakeAsync();

        var second = ann.TakeAsync();
        var other = await cluster.Grains.GetGrain<IQuotaTurnGrain>("user:bob").TakeAsync();
        await Task.Delay(200);
        var waitedWhileHeld = !second.IsCompleted;
        await ann.LeaveAsync(first);
        var next = await second;

        waitedWhileHeld.Should().BeTrue("the turn was held");
        other.Should().NotBe(Guid.Empty, "turns are per user");
        next.Should().NotBe(first);
        await ann.LeaveAsync(first); // a stale ticket gives back nothing
        var third = ann.TakeAsync();
        await Task.Delay(200);
        third.IsCompleted.Should().BeFalse("the second holder still holds the turn");
        await ann.LeaveAsync(next);
        (await third).Should().NotBe(next);
    }

    [Fact]
    public async Task A_turn_never_left_lapses_after_its_lease()
    {
        await using var cluster = await SynthTestCluster.StartAsync();
        var cid = cluster.Grains.GetGrain<IQuotaTurnGrain>("user:cid");
        var abandoned = await cid.TakeAsync();

        var taken = await cid.TakeAsync();

        taken.Should().NotBe(abandoned, "the holder's process died: its turn lapsed after {0}", IQuotaTurnGrain.Lease);
    }
}
