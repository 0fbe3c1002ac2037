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

public class SubsetMapPeriodicRowTests
{
    // A short kept last axis (size p) after a summed one: the map walks the two as one periodic row.
    public static TheoryData<int> Periods() => new() { 2, 3, 4, 5, 7 };

    [Theory]
    [MemberData(nameof(Periods))]
    public void A_short_kept_axis_after_a_summed_one_is_walked_as_a_periodic_row(int period)
    {
        var map = new SubsetMap([0, 1, 2], [3, 5, period], [0, 2]);

        map.Period.Should().Be(period);
        map.RowLength.Should().Be(5 * period);
    }

    [Theory]
    [MemberData(nameof(Periods))]
    public void Sums_over_any_split_of_the_cells_equal_the_cell_by_cell_sums(int period)
    {
        var (map, large, index) = Layout(period);
        var expected = new double[map.SmallCells];
        for (var i = 0; i < large.Length; i++) expected[index[i]] += large[i];

        // Ranges that start and end inside periods and rows, as chunked callers cut them.
        foreach (var step in new[] { 1, 3, 7, 16, 29, large.Length })
        {
            var small = new double[map.SmallCells];
            for (var a = 0; a < large.Length; a += step) map.SumRange(large, small, a, Math.Min(a + step, large.Length));
            small.Should().Equal(expected, (x, y) => Math.Abs(x - y) <= 1e-12 * Math.Abs(y), $"split every {step} cells");
        }
        var whole = new double[map.SmallCells];
        map.Sum(large, whole);
        whole.Should().Equal(expected, (x, y) => Math.Abs(x - y) <= 1e-12 * Math.Abs(y));
    }

    [Theory]
    [MemberData(nameof(Periods))]
    public void Broadcasts_over_any_split_of_the_cells_touch_each_cell_with_its_small_cell(int period)
    {
        var (map, large, index) = Layout(period);
        var small = Random(map.SmallCells, 9);
        foreach (var step in new[] { 1, 3, 7, 16, large.Length })
        {
            var added = (double[])large.Clone();
            var multiplied = (double[])large.Clone();
            for (var a = 0; a < large.Length; a += step)
            {
                var b = Math.Min(a + step, large.Length);
                map.AddToRange(added, small, -0.5, a, b);
                map.MultiplyRange(multiplied, small, a, b);
            }
            for (var i = 0; i < large.Length; i++)
            {
                added[i].Should().Be(large[i] + -0.5 * small[index[i]]);
                multiplied[i].Should().Be(large[i] * small[index[i]]);
            }
        }
        var expanded = new double[large.Length];
        map.Expand(small, expanded);
        for (var i = 0; i < large.Length; i++) expanded[i].Should().Be(small[index[i]]);
    }

    [Theory]
    [MemberData(nameof(Periods))]
    public void Max_and_shifted_sum_exp_reduce_each_small_cell_over_its_own_cells(int period)
    {
        var (map, large, index) = Layout(period);
        var max = new double[map.SmallCells];
        var sums = new double[map.SmallCells];

        map.Max(large, max);
        map.SumExp(large, sums, max);

        var expectedMax = Enumerable.Repeat(double.NegativeInfinity, map.SmallCells).ToArray();
        for (var i = 0; i < large.Length; i++) expectedMax[index[i]] = Math.Max(expectedMax[index[i]], large[i]);
        var expectedSums = new double[map.SmallCells];
        for (var i = 0; i < large.Length; i++) expectedSums[index[i]] += Math.Exp(large[i] - expectedMax[index[i]]);
        max.Should().Equal(expectedMax);
        sums.Should().Equal(expectedSums, (x, y) => Math.Abs(x - y) <= 1e-12 * y);
    }

    [Fact]
    public void The_estimator_keeps_a_periodic_row_instead_of_a_per_cell_index()
    {
        var map = new SubsetMap([0, 1, 2], [3, 5, 2], [0, 2], indexed: true);

        map.Period.Should().Be(2);
        map.IsIndexed.Should().BeFalse();
    }

    // Attributes (0, 1, 2) of sizes (3, 5, period) onto (0, 2), with each large cell's small cell
    // worked out from its coordinates.
    private static (SubsetMap Map, double[] Large, int[] Index) Layout(int period)
    {
        var map = new SubsetMap([0, 1, 2], [3, 5, period], [0, 2]);
        var large = Random(map.LargeCells, period);
        var index = new int[large.Length];
        for (var i = 0; i < large.Length; i++)
        {
            var c = i % period;
            var a = i / (5 * period);
            index[i] = a * period + c;
        }
        return (map, large, index);
    }

    private static double[] Random(int length, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => random.NextDouble() * 10 - 5)];
    }
}
