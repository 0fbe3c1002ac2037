using Synth.Core.Generation.Numeric;
using Synth.Core.Generation.Random;

namespace Synth.Core.Tests.Generation.Numeric;

public class DiscreteSamplerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(49)]
    [InlineData(1000)]
    [InlineData(20_000)] // beyond the largest guide table
    public void A_sample_is_the_first_value_whose_cumulative_probability_reaches_u(int count)
    {
        var weights = Enumerable.Range(1, count).Select(k => Math.Pow(k, -1.2)).ToArray();
        var sampler = new DiscreteSampler(weights);
        var cdf = new double[count];
        double total = weights.Sum(), acc = 0;
        for (var i = 0; i < count; i++) cdf[i] = acc += weights[i] / total;
        cdf[^1] = 1.0;

        var u = new double[20_000];
        CounterRng.FillUnit(CounterRng.Key(1, "discrete"), 0, u);
        foreach (var x in u.Concat(cdf.Take(50)).Concat(cdf.Take(50).Select(c => Math.BitIncrement(c))).Where(x => x < 1))
        {
            var expected = Array.FindIndex(cdf, c => c >= x);
            sampler.Sample(x).Should().Be(expected, "u = {0:R}", x);
        }
    }
}
