using Synth.Core.Privacy.Mechanisms;

namespace Synth.Core.Tests.Privacy.Mechanisms;

public class PrivateRandomTests
{
    [Fact]
    public void A_seed_fixes_the_whole_stream()
    {
        var a = new PrivateRandom(42);
        var b = new PrivateRandom(42);
        var c = new PrivateRandom(43);

        var first = Enumerable.Range(0, 100).Select(_ => a.NextUInt64()).ToArray();

        first.Should().Equal(Enumerable.Range(0, 100).Select(_ => b.NextUInt64()));
        first.Should().NotIntersectWith(Enumerable.Range(0, 100).Select(_ => c.NextUInt64()));
    }

    [Fact]
    public void Bounded_integers_are_uniform()
    {
        var random = new PrivateRandom(9);
        var hits = new int[7];

        for (var i = 0; i < 70_000; i++) hits[random.NextInt(7)]++;

        hits.Should().OnlyContain(h => Math.Abs(h - 10_000) < 500);
    }

    [Fact]
    public void Shuffle_is_a_permutation()
    {
        var values = Enumerable.Range(0, 1000).ToArray();

        new PrivateRandom(1).Shuffle(values);

        values.Should().BeEquivalentTo(Enumerable.Range(0, 1000));
        values.Should().NotBeInAscendingOrder();
    }
}
