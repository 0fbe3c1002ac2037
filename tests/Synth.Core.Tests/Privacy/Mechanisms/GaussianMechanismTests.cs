using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Mechanisms;

namespace Synth.Core.Tests.Privacy.Mechanisms;

public class GaussianMechanismTests
{
    [Fact]
    public void Noise_has_mean_zero_and_the_standard_deviation_the_budget_calls_for()
    {
        var sigma = Zcdp.GaussianSigma(rho: 0.005);
        var counts = new double[200_000];
        Array.Fill(counts, 1000.0);

        var noisy = GaussianMechanism.Measure(counts, sigma, new PrivateRandom(11));

        var noise = noisy.Select(y => y - 1000.0).ToArray();
        var mean = noise.Average();
        var sd = Math.Sqrt(noise.Select(e => (e - mean) * (e - mean)).Average());
        sigma.Should().BeApproximately(10.0, 1e-12);
        mean.Should().BeApproximately(0, 4 * sigma / Math.Sqrt(noise.Length));
        sd.Should().BeApproximately(sigma, 0.01 * sigma);
        // Gaussian tails: about 4.55% of draws beyond 2σ.
        noise.Count(e => Math.Abs(e) > 2 * sigma).Should().BeCloseTo(9_100, 300);
    }

    [Fact]
    public void The_same_seed_gives_the_same_noise()
    {
        var counts = new double[] { 5, 0, 12, 7 };

        var a = GaussianMechanism.Measure(counts, 3, new PrivateRandom(5));
        var b = GaussianMechanism.Measure(counts, 3, new PrivateRandom(5));

        a.Should().Equal(b);
        a.Should().NotEqual(counts);
    }

    [Fact]
    public void Zero_sigma_measures_exactly() =>
        GaussianMechanism.Measure([1, 2, 3], 0, new PrivateRandom(1)).Should().Equal(1, 2, 3);
}
