using Synth.Core.Privacy.Estimation;
using Synth.Core.Privacy.Marginals;
using Synth.Core.Privacy.Mechanisms;

namespace Synth.Core.Tests.Privacy.Estimation;

public class BeliefPropagationTests
{
    [Theory]
    [InlineData(1UL, 1)]
    [InlineData(2UL, 1)]
    [InlineData(3UL, 4)]
    [InlineData(4UL, 4)]
    [InlineData(5UL, 1)]
    public void Clique_marginals_equal_brute_force_marginals_of_random_models(ulong seed, int threads)
    {
        var (sizes, measured) = JunctionTreeTests.RandomCliques(seed, attributes: 7, count: 6);
        var tree = JunctionTree.Build(sizes, measured);
        var potentials = RandomPotentials(tree, seed, scale: 3);
        var marginals = tree.Cliques.Select(c => new double[c.Cells(sizes)]).ToArray();

        new BeliefPropagation(tree, new TensorWorkers(threads)).Run(potentials, marginals, total: 1000);

        var joint = BruteForce.Joint(sizes, tree.Cliques, potentials, 1000);
        for (var k = 0; k < tree.Cliques.Count; k++)
        {
            marginals[k].Should().Equal(BruteForce.Marginal(joint, sizes, tree.Cliques[k]), (a, b) => Math.Abs(a - b) < 1e-9);
        }
    }

    [Theory]
    [InlineData(900.0)]
    [InlineData(120.0)]
    [InlineData(40.0)]
    public void Extreme_potentials_underflow_nothing_into_infinities_or_NaNs(double scale)
    {
        int[] sizes = [3, 3, 3, 2];
        var tree = JunctionTree.Build(sizes, [new(0, 1), new(1, 2), new(1, 3)]);
        var potentials = RandomPotentials(tree, 9, scale);
        var marginals = tree.Cliques.Select(c => new double[c.Cells(sizes)]).ToArray();

        new BeliefPropagation(tree, new TensorWorkers(1)).Run(potentials, marginals, total: 1);

        var joint = BruteForce.Joint(sizes, tree.Cliques, potentials, 1);
        marginals.SelectMany(m => m).Should().OnlyContain(v => double.IsFinite(v) && v >= 0);
        for (var k = 0; k < tree.Cliques.Count; k++)
        {
            marginals[k].Should().Equal(BruteForce.Marginal(joint, sizes, tree.Cliques[k]), (a, b) => Math.Abs(a - b) < 1e-9);
        }
    }

    [Fact]
    public void Tables_large_enough_to_be_split_over_threads_give_the_same_marginals_on_any_thread_count()
    {
        // Clique (0, 1, 2) has 90,000 cells: its projections and broadcasts run in chunks.
        int[] sizes = [50, 45, 40, 3];
        var tree = JunctionTree.Build(sizes, [new(0, 1, 2), new(2, 3)]);
        var potentials = RandomPotentials(tree, 4, scale: 5);
        var one = tree.Cliques.Select(c => new double[c.Cells(sizes)]).ToArray();
        var four = tree.Cliques.Select(c => new double[c.Cells(sizes)]).ToArray();

        new BeliefPropagation(tree, new TensorWorkers(1)).Run(potentials, one, total: 1e6);
        new BeliefPropagation(tree, new TensorWorkers(4)).Run(potentials, four, total: 1e6);

        for (var k = 0; k < one.Length; k++) four[k].Should().Equal(one[k]);
        var joint = BruteForce.Joint(sizes, tree.Cliques, potentials, 1e6);
        var separator = new AttributeSet(2);
        var fromBig = new Factor(tree.Cliques[tree.FindContaining(new AttributeSet(0, 1, 2))], sizes, one[tree.FindContaining(new AttributeSet(0, 1, 2))]).Sum(separator).Values;
        fromBig.Should().Equal(BruteForce.Marginal(joint, sizes, separator), (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    [InlineData(13UL)]
    public void Marginals_across_cliques_equal_brute_force_marginals(ulong seed)
    {
        var (sizes, measured) = JunctionTreeTests.RandomCliques(seed, attributes: 7, count: 5);
        var tree = JunctionTree.Build(sizes, measured);
        var potentials = RandomPotentials(tree, seed, scale: 2);
        var marginals = tree.Cliques.Select(c => new double[c.Cells(sizes)]).ToArray();
        new BeliefPropagation(tree, new TensorWorkers(1)).Run(potentials, marginals, total: 50);
        var model = new GraphicalModel(tree, marginals, 50, potentials);
        var joint = BruteForce.Joint(sizes, tree.Cliques, potentials, 50);

        for (var a = 0; a < sizes.Length; a++)
        {
            for (var b = a + 1; b < sizes.Length; b++)
            {
                var pair = new AttributeSet(a, b);
                model.Project(pair).Values.Should().Equal(BruteForce.Marginal(joint, sizes, pair), (x, y) => Math.Abs(x - y) < 1e-9);
            }
        }
        var triple = new AttributeSet(0, 3, 6);
        model.Project(triple).Values.Should().Equal(BruteForce.Marginal(joint, sizes, triple), (x, y) => Math.Abs(x - y) < 1e-9);
        AttributeSet[] many = [new(0, 1), new(2, 5), triple, new(4), new(1, 6), new(0, 1)];
        var together = model.ProjectMany(many, maxDegreeOfParallelism: 4);
        for (var i = 0; i < many.Length; i++) together[i].Values.Should().Equal(model.Project(many[i]).Values);
    }

    internal static double[][] RandomPotentials(JunctionTree tree, ulong seed, double scale)
    {
        var random = new PrivateRandom(seed * 31 + 1);
        return [.. tree.Cliques.Select(c =>
        {
            var values = new double[c.Cells(tree.Sizes)];
            for (var i = 0; i < values.Length; i++) values[i] = (random.NextDouble() * 2 - 1) * scale;
            return values;
        })];
    }
}
