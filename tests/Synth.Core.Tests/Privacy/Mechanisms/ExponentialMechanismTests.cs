using Synth.Core.Privacy.Mechanisms;

namespace Synth.Core.Tests.Privacy.Mechanisms;

public class ExponentialMechanismTests
{
    [Fact]
    public void Choices_follow_exp_of_half_epsilon_times_quality_over_sensitivity()
    {
        double[] qualities = [0, 1, 2, 4];
        const double epsilon = 1.0, sensitivity = 2.0;
        var random = new PrivateRandom(3);
        var hits = new int[qualities.Length];

        for (var i = 0; i < 100_000; i++) hits[ExponentialMechanism.Select(qualities, epsilon, sensitivity, random)]++;

        var weights = qualities.Select(q => Math.Exp(0.5 * epsilon / sensitivity * q)).ToArray();
        for (var i = 0; i < qualities.Length; i++)
        {
            var expected = 100_000 * weights[i] / weights.Sum();
            hits[i].Should().BeCloseTo((int)expected, (uint)(5 * Math.Sqrt(expected)));
        }
    }

    [Fact]
    public void Huge_qualities_do_not_overflow() =>
        ExponentialMechanism.Select([1e6, 2e6, 3e6], 1, 1, new PrivateRandom(1)).Should().Be(2);

    [Fact]
    public void Infinite_epsilon_picks_the_first_best() =>
        ExponentialMechanism.Select([3, 9, 1, 9], double.PositiveInfinity, 1, new PrivateRandom(1)).Should().Be(1);
}
