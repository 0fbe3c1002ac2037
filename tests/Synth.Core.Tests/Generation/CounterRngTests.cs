using Synth.Core.Generation.Numeric;
using Synth.Core.Generation.Random;

namespace Synth.Core.Tests.Generation;

public class CounterRngTests
{
    [Theory]
    [InlineData(0L, 4096)]
    [InlineData(123_456_789_012L, 4099)]
    [InlineData(long.MaxValue - 100, 37)]
    public void Batch_fill_gives_the_same_bits_as_one_row_at_a_time(long firstRow, int count)
    {
        var key = CounterRng.Key(42, "income");
        var batch = new double[count];

        CounterRng.FillUnit(key, firstRow, batch);

        for (var i = 0; i < count; i++) batch[i].Should().Be(CounterRng.Unit(CounterRng.At(key, firstRow + i)));
    }

    [Fact]
    public void Units_are_strictly_inside_zero_and_one_and_uniform()
    {
        var u = new double[200_000];
        CounterRng.FillUnit(CounterRng.Key(1, "x"), 0, u);

        u.Should().OnlyContain(x => x > 0 && x < 1);
        u.Average().Should().BeApproximately(0.5, 0.002);
        u.Count(x => x < 0.1).Should().BeCloseTo(20_000, 400);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(1000UL)]
    [InlineData(9000UL)]
    [InlineData(65_536UL)]
    public void Permutations_are_bijections_of_their_domain(ulong domain)
    {
        var permutation = new Permutation(domain, 7);
        var seen = new HashSet<ulong>();

        for (ulong i = 0; i < domain; i++) seen.Add(permutation.Permute(i)).Should().BeTrue();

        seen.Should().OnlyContain(v => v < domain);
    }
}
