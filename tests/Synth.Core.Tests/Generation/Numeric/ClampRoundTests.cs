using Synth.Core.Generation.Numeric;

namespace Synth.Core.Tests.Generation.Numeric;

public class ClampRoundTests
{
    [Theory]
    [InlineData(0.0, double.NegativeInfinity, double.PositiveInfinity)] // clip only
    [InlineData(1.0, double.NegativeInfinity, double.PositiveInfinity)] // whole numbers (int fields)
    [InlineData(100.0, -5.0, 5.0)]
    [InlineData(1e-3, 0.0, 1.0)]
    [InlineData(1e6, -1e20, 1e20)]
    public void A_batch_has_the_same_bits_as_one_value_at_a_time(double scale, double min, double max)
    {
        var random = new Random(9);
        var values = new List<double> { -0.0, 0.0, 0.5, -0.5, 1.5, -2.5, 0.125, -0.125, 2.675, 1e16, -1e16, 9.999999999999998e15, 4503599627370495.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, min, max };
        for (var i = 0; i < 5_000; i++) values.Add((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 22)));
        for (var i = 0; i < 1_000; i++) values.Add(Math.Round((random.NextDouble() - 0.5) * 1000, 2) + 0.005); // near midpoints
        var batch = values.ToArray();

        ClampRound.ApplyAll(batch, min, max, scale);

        for (var i = 0; i < values.Count; i++)
        {
            BitConverter.DoubleToInt64Bits(batch[i]).Should().Be(BitConverter.DoubleToInt64Bits(ClampRound.Apply(values[i], min, max, scale)), "x = {0:R}", values[i]);
        }
    }

    [Fact]
    public void Values_are_clipped_then_rounded_half_away_from_zero_and_negative_zero_stays()
    {
        ClampRound.Apply(2.345, 0, 10, 100).Should().Be(Math.Round(2.345, 2, MidpointRounding.AwayFromZero));
        ClampRound.Apply(-7.5, -100, 100, 1).Should().Be(-8);
        ClampRound.Apply(12, 0, 10, 1).Should().Be(10);
        double.IsNegative(ClampRound.Apply(-0.0, 0, 1, 0)).Should().BeTrue("Math.Clamp keeps -0 inside [0, 1]");
    }
}
