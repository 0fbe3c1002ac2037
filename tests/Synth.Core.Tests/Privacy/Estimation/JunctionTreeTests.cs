using Synth.Core.Privacy.Estimation;
using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Tests.Privacy.Estimation;

public class JunctionTreeTests
{
    [Fact]
    public void A_chain_of_pairs_is_its_own_junction_tree()
    {
        int[] sizes = [3, 3, 3, 3];

        var tree = JunctionTree.Build(sizes, [new(0, 1), new(1, 2), new(2, 3)]);

        tree.Cliques.Should().BeEquivalentTo([new AttributeSet(0, 1), new AttributeSet(1, 2), new AttributeSet(2, 3)]);
        tree.Cells.Should().Be(27);
        AssertJunctionTree(tree);
    }

    [Fact]
    public void A_cycle_is_triangulated_with_one_chord()
    {
        int[] sizes = [2, 2, 2, 2];

        var tree = JunctionTree.Build(sizes, [new(0, 1), new(1, 2), new(2, 3), new(0, 3)]);

        tree.Cliques.Should().HaveCount(2).And.OnlyContain(c => c.Count == 3);
        AssertJunctionTree(tree);
    }

    [Fact]
    public void Unmeasured_attributes_get_cliques_of_their_own()
    {
        var tree = JunctionTree.Build([2, 3, 4], [new(0, 2)]);

        tree.Cliques.Should().BeEquivalentTo([new AttributeSet(0, 2), new AttributeSet(1)]);
        tree.Separators.Should().Contain(AttributeSet.Empty);
        AssertJunctionTree(tree);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(4UL)]
    public void Random_measurement_sets_give_trees_with_the_running_intersection_property(ulong seed)
    {
        var (sizes, cliques) = RandomCliques(seed, attributes: 9, count: 8);

        var tree = JunctionTree.Build(sizes, cliques);

        foreach (var clique in cliques) tree.FindContaining(clique).Should().BeGreaterThanOrEqualTo(0);
        AssertJunctionTree(tree);
        JunctionTree.ModelCells(sizes, cliques).Should().Be(tree.Cells);
    }

    [Fact]
    public void The_greedy_order_avoids_the_large_attribute_when_a_small_one_will_do()
    {
        // Star around attribute 0 (size 100): eliminating it first would create a 2·2·2·100 table.
        var tree = JunctionTree.Build([100, 2, 2, 2], [new(0, 1), new(0, 2), new(0, 3)]);

        tree.Cells.Should().Be(600);
        tree.Cliques.Should().OnlyContain(c => c.Count == 2);
    }

    [Fact]
    public void A_stored_structure_is_checked()
    {
        var act = () => JunctionTree.FromStructure([2, 2], [new(0), new(1)], [-1, 1], [0, 1]);

        act.Should().Throw<ArgumentException>().WithMessage("*parents*");
    }

    internal static (int[] Sizes, AttributeSet[] Cliques) RandomCliques(ulong seed, int attributes, int count)
    {
        var random = new Synth.Core.Privacy.Mechanisms.PrivateRandom(seed);
        var sizes = Enumerable.Range(0, attributes).Select(_ => 2 + random.NextInt(3)).ToArray();
        var cliques = Enumerable.Range(0, count).Select(_ =>
        {
            var width = 1 + random.NextInt(3);
            var members = new HashSet<int>();
            while (members.Count < width) members.Add(random.NextInt(attributes));
            return new AttributeSet(members);
        }).ToArray();
        return (sizes, cliques);
    }

    // Tree: every clique reaches the root; running intersection: the cliques holding any one
    // attribute form a connected subtree (exactly one of them has a parent without it).
    internal static void AssertJunctionTree(JunctionTree tree)
    {
        tree.PreOrder.Should().HaveCount(tree.Cliques.Count).And.OnlyHaveUniqueItems();
        tree.PreOrder[0].Should().Be(0);
        for (var a = 0; a < tree.Sizes.Count; a++)
        {
            var holders = Enumerable.Range(0, tree.Cliques.Count).Where(k => tree.Cliques[k].Contains(a)).ToList();
            holders.Should().NotBeEmpty($"attribute {a} must be in some clique");
            holders.Count(k => tree.Parent[k] < 0 || !tree.Cliques[tree.Parent[k]].Contains(a))
                .Should().Be(1, $"the cliques holding attribute {a} must be connected");
        }
        for (var k = 0; k < tree.Cliques.Count; k++)
        {
            for (var j = 0; j < tree.Cliques.Count; j++)
            {
                if (j != k) tree.Cliques[k].IsSubsetOf(tree.Cliques[j]).Should().BeFalse("cliques are maximal");
            }
        }
    }
}
