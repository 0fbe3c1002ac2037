using Synth.Core.Privacy.Estimation;
using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Tests.Privacy.Estimation;

public class SubsetMapTests
{
    private static readonly int[] Sizes = [2, 3, 4, 1, 5];

    public static TheoryData<int[], int[]> Layouts() => new()
    {
        { [0, 1, 2, 3, 4], [0, 2, 4] },
        { [0, 1, 2, 3, 4], [1, 3] },
        { [0, 1, 2, 4], [4] },
        { [0, 1, 2, 4], [0] },
        { [0, 1, 2, 4], [0, 1, 2, 4] },
        { [1, 2, 4], [] },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Broadcast_add_and_multiply_touch_each_large_cell_with_its_small_cell(int[] large, int[] small)
    {
        var big = FactorTests.RandomFactor(new AttributeSet(large), 2);
        var sub = FactorTests.RandomFactor(new AttributeSet(small), 4);
        var map = new SubsetMap(big.Attributes.Indices, big.Shape, sub.Attributes.Indices);
        var expanded = sub.Expand(big.Attributes).Values;

        var added = (double[])big.Values.Clone();
        map.AddTo(added, sub.Values, scale: -0.5);
        var multiplied = (double[])big.Values.Clone();
        map.MultiplyInto(multiplied, sub.Values);

        for (var i = 0; i < added.Length; i++)
        {
            added[i].Should().BeApproximately(big.Values[i] - 0.5 * expanded[i], 1e-12);
            multiplied[i].Should().BeApproximately(big.Values[i] * expanded[i], 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Max_and_shifted_sum_exp_reduce_onto_the_small_table(int[] large, int[] small)
    {
        var big = FactorTests.RandomFactor(new AttributeSet(large), 6);
        var keep = new AttributeSet(small);
        var map = new SubsetMap(big.Attributes.Indices, big.Shape, keep.Indices);
        var max = new double[map.SmallCells];
        var sums = new double[map.SmallCells];

        map.Max(big.Values, max);
        map.SumExp(big.Values, sums, max);

        var expected = big.Exp().Sum(keep).Log().Values;
        for (var j = 0; j < max.Length; j++) (Math.Log(sums[j]) + max[j]).Should().BeApproximately(expected[j], 1e-12);
    }
}
