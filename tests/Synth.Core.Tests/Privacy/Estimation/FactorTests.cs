using Synth.Core.Privacy.Estimation;
using Synth.Core.Privacy.Marginals;
using Synth.Core.Privacy.Mechanisms;

namespace Synth.Core.Tests.Privacy.Estimation;

public class FactorTests
{
    // Attribute sizes by index; factors use subsets of these.
    private static readonly int[] Sizes = [2, 3, 4, 1, 5];

    [Fact]
    public void Sum_over_an_attribute_adds_along_its_axis()
    {
        // (0, 1): rows a0, columns a1.
        var f = new Factor(new AttributeSet(0, 1), Sizes, [1, 2, 3, 4, 5, 6]);

        f.Sum(new AttributeSet(0)).Values.Should().Equal(6, 15);
        f.Sum(new AttributeSet(1)).Values.Should().Equal(5, 7, 9);
        f.Sum(AttributeSet.Empty).Values.Should().Equal(21);
        f.Total().Should().Be(21);
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2 }, new[] { 0, 2 })]
    [InlineData(new[] { 0, 1, 2 }, new[] { 1 })]
    [InlineData(new[] { 0, 1, 2, 4 }, new[] { 0, 4 })]
    [InlineData(new[] { 0, 1, 2, 4 }, new[] { 1, 2 })]
    [InlineData(new[] { 0, 1, 2, 3, 4 }, new[] { 2, 3 })]
    [InlineData(new[] { 1, 2, 4 }, new int[0])]
    [InlineData(new[] { 0, 2, 4 }, new[] { 0, 2, 4 })]
    public void Every_projection_equals_the_brute_force_sum(int[] attributes, int[] keep)
    {
        var f = RandomFactor(new AttributeSet(attributes), 3);

        var projected = f.Sum(new AttributeSet(keep));

        projected.Values.Should().Equal(BruteForceSum(f, new AttributeSet(keep)), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Log_sum_exp_is_stable_where_exp_would_overflow_or_underflow()
    {
        var f = new Factor(new AttributeSet(0, 1), Sizes, [1000, 1000, 1000, -1000, -1001, -2000]);

        var lse = f.LogSumExp(new AttributeSet(0)).Values;

        lse[0].Should().BeApproximately(1000 + Math.Log(3), 1e-12);
        lse[1].Should().BeApproximately(-1000 + Math.Log(1 + Math.Exp(-1)), 1e-12);
        f.LogSumExp().Should().BeApproximately(1000 + Math.Log(3), 1e-12);
    }

    [Fact]
    public void Log_sum_exp_equals_log_of_the_sum_of_exps_on_ordinary_values()
    {
        var f = RandomFactor(new AttributeSet(0, 1, 2), 5);

        var lse = f.LogSumExp(new AttributeSet(1)).Values;

        lse.Should().Equal(f.Exp().Sum(new AttributeSet(1)).Log().Values, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Expand_repeats_values_along_new_axes()
    {
        var f = new Factor(new AttributeSet(1), Sizes, [7, 8, 9]);

        var expanded = f.Expand(new AttributeSet(0, 1));

        expanded.Values.Should().Equal(7, 8, 9, 7, 8, 9);
        expanded.Sum(new AttributeSet(1)).Values.Should().Equal(14, 16, 18);
    }

    [Fact]
    public void Product_is_over_the_union_of_the_attributes()
    {
        var a = new Factor(new AttributeSet(0), Sizes, [2, 3]);
        var b = new Factor(new AttributeSet(1), Sizes, [1, 10, 100]);

        Factor.Multiply(a, b).Values.Should().Equal(2, 20, 200, 3, 30, 300);
        Factor.Add(a, b).Values.Should().Equal(3, 12, 102, 4, 13, 103);
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 0, 4 })]
    [InlineData(new[] { 0, 1, 2, 4 })]
    public void Contracting_equals_multiplying_then_summing_out(int[] keep)
    {
        var a = RandomFactor(new AttributeSet(0, 1), 1);
        var b = RandomFactor(new AttributeSet(1, 2, 4), 2);
        var c = RandomFactor(new AttributeSet(0, 4), 3);

        var contracted = Factor.Contract([a, b, c], new AttributeSet(keep));

        var expected = Factor.Multiply(Factor.Multiply(a, b), c).Sum(new AttributeSet(keep));
        contracted.Values.Should().Equal(expected.Values, (x, y) => Math.Abs(x - y) < 1e-9);
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 0, 4 })]
    [InlineData(new[] { 0, 2, 4 })]
    [InlineData(new[] { 0, 1, 2, 4 })]
    public void Contracting_two_factors_as_matrices_equals_multiplying_then_summing_out(int[] keep)
    {
        var a = RandomFactor(new AttributeSet(0, 1, 4), 5);
        var b = RandomFactor(new AttributeSet(1, 2, 4), 6);

        var contracted = Factor.Contract([a, b], new AttributeSet(keep));

        contracted.Values.Should().Equal(Factor.Multiply(a, b).Sum(new AttributeSet(keep)).Values, (x, y) => Math.Abs(x - y) < 1e-9);
    }

    [Fact]
    public void Dividing_a_joint_by_its_marginal_gives_a_conditional_with_zero_over_zero_as_zero()
    {
        var joint = new Factor(new AttributeSet(0, 1), Sizes, [1, 3, 0, 0, 0, 0]);

        var conditional = Factor.Divide(joint, joint.Sum(new AttributeSet(0)));

        conditional.Values.Should().Equal(0.25, 0.75, 0, 0, 0, 0);
    }

    [Fact]
    public void Transpose_lays_the_axes_out_in_the_order_asked()
    {
        // (0, 1) = [[1,2,3],[4,5,6]]; as (1, 0): [[1,4],[2,5],[3,6]].
        var f = new Factor(new AttributeSet(0, 1), Sizes, [1, 2, 3, 4, 5, 6]);

        f.Transpose([1, 0]).Should().Equal(1, 4, 2, 5, 3, 6);
        f.Transpose([0, 1]).Should().Equal(1, 2, 3, 4, 5, 6);
    }

    [Fact]
    public void Transpose_of_three_axes_matches_index_arithmetic()
    {
        var f = RandomFactor(new AttributeSet(0, 1, 2), 9);

        var t = f.Transpose([2, 0, 1]);

        for (var a = 0; a < 2; a++)
        {
            for (var b = 0; b < 3; b++)
            {
                for (var c = 0; c < 4; c++) t[(c * 2 + a) * 3 + b].Should().Be(f.Values[(a * 3 + b) * 4 + c]);
            }
        }
    }

    [Fact]
    public void A_subset_that_is_not_one_is_refused()
    {
        var f = RandomFactor(new AttributeSet(0, 1), 1);

        var act = () => f.Sum(new AttributeSet(2));

        act.Should().Throw<ArgumentException>().WithMessage("*(2) is not a subset of (0, 1)*");
    }

    internal static Factor RandomFactor(AttributeSet attributes, ulong seed)
    {
        var random = new PrivateRandom(seed);
        var values = new double[attributes.Cells(Sizes)];
        for (var i = 0; i < values.Length; i++) values[i] = random.NextDouble() * 10 - 5;
        return new Factor(attributes, Sizes, values);
    }

    private static double[] BruteForceSum(Factor f, AttributeSet keep)
    {
        var result = new double[keep.Cells(Sizes)];
        var shape = f.Shape.ToArray();
        var index = new int[shape.Length];
        for (var cell = 0; cell < f.Values.Length; cell++)
        {
            var rest = cell;
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                index[d] = rest % shape[d];
                rest /= shape[d];
            }
            var target = 0;
            for (var d = 0; d < shape.Length; d++)
            {
                if (keep.Contains(f.Attributes[d])) target = target * shape[d] + index[d];
            }
            result[target] += f.Values[cell];
        }
        return result;
    }
}
