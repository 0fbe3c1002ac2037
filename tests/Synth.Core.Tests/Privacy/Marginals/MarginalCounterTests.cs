using Synth.Core.Privacy;
using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Tests.Privacy.Marginals;

public class MarginalCounterTests
{
    private static readonly Domain Domain = new(["a", "b", "c"], [2, 3, 2]);

    private static readonly EncodedTable Table = new(Domain,
    [
        [0, 1, 1, 0, 1],
        [2, 0, 2, 2, 1],
        [1, 1, 0, 1, 0],
    ]);

    [Fact]
    public void A_two_way_marginal_counts_rows_per_cell_in_row_major_order()
    {
        // Cells of (a, b): a·3 + b. Rows: (0,2) (1,0) (1,2) (0,2) (1,1).
        MarginalCounter.Count(Table, new AttributeSet(0, 1)).Should().Equal(0, 0, 2, 1, 1, 1);
    }

    [Fact]
    public void The_axis_order_is_ascending_whatever_order_the_set_was_given_in() =>
        MarginalCounter.Count(Table, new AttributeSet(2, 1)).Should().Equal(
            BruteForce.Counts(Table.Columns, [2, 3, 2], new AttributeSet(1, 2)));

    [Fact]
    public void One_way_and_empty_marginals()
    {
        MarginalCounter.Count(Table, new AttributeSet(1)).Should().Equal(1, 1, 3);
        MarginalCounter.Count(Table, AttributeSet.Empty).Should().Equal(5);
    }

    [Fact]
    public void Many_marginals_in_parallel_equal_one_at_a_time_over_blocks_of_rows()
    {
        var distribution = KnownDistribution.Tree();
        var table = distribution.Sample(10_000, 1);
        AttributeSet[] sets = [new(0, 1, 2), new(3), new(1, 3, 4), new(0, 1, 2, 3, 4)];

        var counts = MarginalCounter.Count(table, sets, maxDegreeOfParallelism: 4);

        for (var i = 0; i < sets.Length; i++)
        {
            counts[i].Should().Equal(BruteForce.Counts(table.Columns, distribution.Sizes, sets[i]));
            counts[i].Sum().Should().Be(10_000);
        }
    }
}
