using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Privacy.Estimation;

/// <summary>
/// A junction tree for a set of cliques (the measured attribute sets): the graph that joins every
/// pair of attributes measured together is triangulated along a greedy elimination order, its
/// maximal cliques become the tree's nodes, and a maximum spanning tree of their overlaps links
/// them (which, for a triangulated graph, has the running-intersection property). Every domain
/// attribute is in some clique, so the tree describes a full distribution. Clique 0 is the root.
/// </summary>
public sealed class JunctionTree
{
    private readonly int[][] _children;

    private JunctionTree(IReadOnlyList<int> sizes, AttributeSet[] cliques, int[] parent, int[] eliminationOrder)
    {
        Sizes = sizes;
        Cliques = cliques;
        Parent = parent;
        EliminationOrder = eliminationOrder;
        _children = new int[cliques.Length][];
        var children = new List<int>[cliques.Length];
        for (var k = 0; k < cliques.Length; k++) children[k] = [];
        for (var k = 0; k < cliques.Length; k++)
        {
            if (parent[k] >= 0) children[parent[k]].Add(k);
        }
        for (var k = 0; k < cliques.Length; k++) _children[k] = [.. children[k]];

        var preOrder = new List<int>(cliques.Length);
        var stack = new Stack<int>();
        stack.Push(0);
        while (stack.Count > 0)
        {
            var k = stack.Pop();
            preOrder.Add(k);
            for (var c = _children[k].Length - 1; c >= 0; c--) stack.Push(_children[k][c]);
        }
        PreOrder = [.. preOrder];
        Separators = [.. Enumerable.Range(0, cliques.Length).Select(k => parent[k] < 0 ? AttributeSet.Empty : cliques[k].Intersect(cliques[parent[k]]))];
        Cells = cliques.Sum(c => c.Cells(sizes));
    }

    /// <summary>Sizes of the domain's attributes.</summary>
    public IReadOnlyList<int> Sizes { get; }

    /// <summary>The maximal cliques; 0 is the root.</summary>
    public IReadOnlyList<AttributeSet> Cliques { get; }

    /// <summary>Parent of each clique in the tree (−1 for the root).</summary>
    public IReadOnlyList<int> Parent { get; }

    /// <summary>Separator between each clique and its parent (empty for the root).</summary>
    public IReadOnlyList<AttributeSet> Separators { get; }

    /// <summary>Cliques with every parent before its children (root first).</summary>
    public IReadOnlyList<int> PreOrder { get; }

    /// <summary>The order attributes were eliminated in to triangulate; sampling runs it backwards.</summary>
    public IReadOnlyList<int> EliminationOrder { get; }

    /// <summary>Total cells of all clique tables: the size of the model's parameters.</summary>
    public long Cells { get; }

    public ReadOnlySpan<int> Children(int clique) => _children[clique];

    /// <summary>The smallest clique that contains <paramref name="attributes"/>, or −1.</summary>
    public int FindContaining(AttributeSet attributes)
    {
        var best = -1;
        long bestCells = long.MaxValue;
        for (var k = 0; k < Cliques.Count; k++)
        {
            if (!attributes.IsSubsetOf(Cliques[k])) continue;
            var cells = Cliques[k].Cells(Sizes);
            if (cells < bestCells)
            {
                best = k;
                bestCells = cells;
            }
        }
        return best;
    }

    public static JunctionTree Build(IReadOnlyList<int> sizes, IEnumerable<AttributeSet> cliques)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(cliques);
        var graph = new EliminationGraph(sizes, cliques);
        var order = graph.GreedyOrder();
        var maximal = graph.MaximalCliques(order);
        var sets = maximal.Select(graph.ToSet).ToArray();
        Array.Sort(sets, (a, b) => a.Indices.SequenceCompareTo(b.Indices));
        return new JunctionTree(sizes, sets, SpanningTree(sets), order);
    }

    /// <summary>
    /// A tree given explicitly (as stored with a model), checked: every attribute in some clique,
    /// parents forming one tree rooted at clique 0, and an elimination order that is a permutation.
    /// </summary>
    public static JunctionTree FromStructure(IReadOnlyList<int> sizes, IReadOnlyList<AttributeSet> cliques, IReadOnlyList<int> parents, IReadOnlyList<int> eliminationOrder)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(cliques);
        ArgumentNullException.ThrowIfNull(parents);
        ArgumentNullException.ThrowIfNull(eliminationOrder);
        var n = cliques.Count;
        if (n == 0 || parents.Count != n) throw new ArgumentException($"{n} cliques and {parents.Count} parents");
        if (parents[0] != -1) throw new ArgumentException("clique 0 must be the root");
        var covered = new bool[sizes.Count];
        foreach (var clique in cliques)
        {
            foreach (var a in clique.Indices)
            {
                if (a >= sizes.Count) throw new ArgumentException($"clique {clique} has an attribute outside the domain");
                covered[a] = true;
            }
        }
        if (covered.Contains(false)) throw new ArgumentException("an attribute is in no clique");
        for (var k = 1; k < n; k++)
        {
            // Walking up must reach the root within n steps, or the parents have a cycle.
            var v = k;
            for (var steps = 0; v > 0; steps++)
            {
                if (steps > n || parents[v] < 0 || parents[v] >= n) throw new ArgumentException($"clique {k}'s parents do not lead to the root");
                v = parents[v];
            }
        }
        if (eliminationOrder.Count != sizes.Count || eliminationOrder.Distinct().Count() != sizes.Count || eliminationOrder.Any(a => a < 0 || a >= sizes.Count))
        {
            throw new ArgumentException("the elimination order is not a permutation of the attributes");
        }
        return new JunctionTree(sizes, [.. cliques], [.. parents], [.. eliminationOrder]);
    }

    /// <summary>
    /// Total cells the model for <paramref name="cliques"/> would have, without building the tree:
    /// what AIM checks for each candidate before it may be selected.
    /// </summary>
    public static double ModelCells(IReadOnlyList<int> sizes, IEnumerable<AttributeSet> cliques)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(cliques);
        var graph = new EliminationGraph(sizes, cliques);
        var cells = 0.0;
        foreach (var clique in graph.MaximalCliques(graph.GreedyOrder())) cells += graph.Cells(clique);
        return cells;
    }

    // Maximum spanning tree of the clique-overlap graph (Kruskal; ties by clique order, so the
    // tree is deterministic), rooted at clique 0. Zero-overlap edges join unconnected parts.
    private static int[] SpanningTree(AttributeSet[] cliques)
    {
        var n = cliques.Length;
        var edges = new List<(int Weight, int A, int B)>();
        for (var a = 0; a < n; a++)
        {
            for (var b = a + 1; b < n; b++) edges.Add((cliques[a].Intersect(cliques[b]).Count, a, b));
        }
        var sorted = edges.OrderByDescending(e => e.Weight).ThenBy(e => e.A).ThenBy(e => e.B);
        var root = Enumerable.Range(0, n).ToArray();
        int Find(int x)
        {
            while (root[x] != x) x = root[x] = root[root[x]];
            return x;
        }
        var adjacent = new List<int>[n];
        for (var k = 0; k < n; k++) adjacent[k] = [];
        foreach (var (_, a, b) in sorted)
        {
            int ra = Find(a), rb = Find(b);
            if (ra == rb) continue;
            root[ra] = rb;
            adjacent[a].Add(b);
            adjacent[b].Add(a);
        }
        var parent = new int[n];
        Array.Fill(parent, -2);
        parent[0] = -1;
        var queue = new Queue<int>();
        queue.Enqueue(0);
        while (queue.Count > 0)
        {
            var k = queue.Dequeue();
            foreach (var m in adjacent[k].Order())
            {
                if (parent[m] != -2) continue;
                parent[m] = k;
                queue.Enqueue(m);
            }
        }
        return parent;
    }
}
