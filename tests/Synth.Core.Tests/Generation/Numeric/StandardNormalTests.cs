using Synth.Core.Generation.Numeric;
using Synth.Core.Generation.Random;

namespace Synth.Core.Tests.Generation.Numeric;

public class StandardNormalTests
{
    [Fact]
    public void A_batch_of_quantiles_has_the_same_bits_as_one_at_a_time_in_the_centre_and_both_tails()
    {
        var u = new double[10_007]; // not a multiple of the vector width: the scalar tail runs too
        CounterRng.FillUnit(CounterRng.Key(5, "normal"), 0, u);
        u[0] = 0.02425; // the region boundaries themselves
        u[1] = 1 - 0.02425;
        u[2] = 1e-300;
        u[3] = 1 - 1e-16;
        var batch = u.ToArray();

        StandardNormal.Quantiles(batch);

        for (var i = 0; i < u.Length; i++)
        {
            BitConverter.DoubleToInt64Bits(batch[i]).Should().Be(BitConverter.DoubleToInt64Bits(StandardNormal.Quantile(u[i])), "u = {0:R}", u[i]);
        }
        batch.Count(z => Math.Abs(z) > 1.97).Should().BeGreaterThan(100, "both tails are exercised");
    }
}
