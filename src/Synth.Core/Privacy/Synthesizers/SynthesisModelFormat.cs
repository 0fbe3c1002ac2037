using System.Text;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Estimation;
using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Privacy.Synthesizers;

/// <summary>
/// The stored form of a <see cref="GraphicalSynthesisModel"/>: little-endian binary, because the
/// clique marginals are most of it (megabytes of doubles). Layout, version 1: magic "SYNTHPGM",
/// version, method, budget (ρ, ε?, δ?), spends, domain (names, sizes), compression (kept and rare
/// codes per attribute), total, junction tree (cliques, parents, elimination order), then each
/// clique's marginal. Reading checks every count and index, so a damaged file fails with a message.
/// </summary>
internal static class SynthesisModelFormat
{
    private static readonly byte[] Magic = "SYNTHPGM"u8.ToArray();
    private const int Version = 1;

    public static byte[] Write(GraphicalSynthesisModel model)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            WriteHeader(w, model.Method, model.Budget, model.Spends, model.Domain);
            for (var a = 0; a < model.Domain.Count; a++)
            {
                WriteInts(w, model.Compression.Kept[a]);
                WriteInts(w, model.Compression.Rare[a]);
            }
            var graph = model.Model;
            var tree = graph.Tree;
            w.Write(graph.Total);
            w.Write(tree.Cliques.Count);
            for (var k = 0; k < tree.Cliques.Count; k++)
            {
                WriteInts(w, tree.Cliques[k].Indices);
                w.Write(tree.Parent[k]);
            }
            WriteInts(w, [.. tree.EliminationOrder]);
            foreach (var marginal in graph.CliqueMarginals) WriteDoubles(w, marginal);
        }
        return stream.ToArray();
    }

    public static GraphicalSynthesisModel Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new FormatException("not a Synth model (bad magic)");
            var version = r.ReadInt32();
            if (version != Version) throw new FormatException($"model format version {version} is not supported (expected {Version})");
            var (method, budget, spends, domain) = ReadHeader(r, bytes.Length);
            var attributes = domain.Count;
            var names = domain.Names;
            var sizes = domain.Sizes;
            var kept = new int[attributes][];
            var rare = new int[attributes][];
            for (var a = 0; a < attributes; a++)
            {
                kept[a] = ReadInts(r, bytes.Length);
                rare[a] = ReadInts(r, bytes.Length);
                if (kept[a].Length + rare[a].Length != sizes[a]) throw new FormatException($"attribute '{names[a]}': the compression does not cover its {sizes[a]} values");
            }
            var compression = new DomainCompression(kept, rare);
            var total = r.ReadDouble();
            var cliqueCount = Count(r, bytes.Length);
            var cliques = new AttributeSet[cliqueCount];
            var parents = new int[cliqueCount];
            for (var k = 0; k < cliqueCount; k++)
            {
                cliques[k] = new AttributeSet(ReadInts(r, bytes.Length));
                parents[k] = r.ReadInt32();
            }
            var order = ReadInts(r, bytes.Length);
            var tree = JunctionTree.FromStructure(compression.CompressedSizes, cliques, parents, order);
            var marginals = new double[cliqueCount][];
            for (var k = 0; k < cliqueCount; k++) marginals[k] = ReadDoubles(r, bytes.Length);
            if (r.BaseStream.Position != bytes.Length) throw new FormatException("unexpected bytes after the model");
            return new GraphicalSynthesisModel(method, domain, compression, new GraphicalModel(tree, marginals, total), budget, spends);
        }
        catch (EndOfStreamException e)
        {
            throw new FormatException("the model is truncated", e);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"the model is inconsistent: {e.Message}", e);
        }
    }

    /// <summary>What every stored model starts with after its magic and version: method, budget, spends, domain.</summary>
    internal static void WriteHeader(BinaryWriter w, string method, PrivacyBudget budget, IReadOnlyList<PrivacySpend> spends, Domain domain)
    {
        w.Write(method);
        w.Write(budget.Rho);
        WriteOptional(w, budget.Epsilon);
        WriteOptional(w, budget.Delta);
        w.Write(spends.Count);
        foreach (var spend in spends)
        {
            w.Write(spend.Purpose);
            w.Write(spend.Rho);
        }
        w.Write(domain.Count);
        for (var a = 0; a < domain.Count; a++)
        {
            w.Write(domain.Names[a]);
            w.Write(domain.Sizes[a]);
        }
    }

    /// <summary>Reads what <see cref="WriteHeader"/> wrote; counts are checked against <paramref name="limit"/> (the file's length).</summary>
    internal static (string Method, PrivacyBudget Budget, PrivacySpend[] Spends, Domain Domain) ReadHeader(BinaryReader r, int limit)
    {
        var method = r.ReadString();
        var rho = r.ReadDouble();
        var epsilon = ReadOptional(r);
        var delta = ReadOptional(r);
        var budget = double.IsPositiveInfinity(rho) ? PrivacyBudget.Infinite
            : epsilon is { } e && delta is { } d ? PrivacyBudget.FromEpsilon(e, d)
            : PrivacyBudget.FromRho(rho);
        var spends = new PrivacySpend[Count(r, limit)];
        for (var i = 0; i < spends.Length; i++) spends[i] = new PrivacySpend(r.ReadString(), r.ReadDouble());
        var attributes = Count(r, limit);
        var names = new string[attributes];
        var sizes = new int[attributes];
        for (var a = 0; a < attributes; a++)
        {
            names[a] = r.ReadString();
            sizes[a] = r.ReadInt32();
        }
        return (method, budget, spends, new Domain(names, sizes));
    }

    internal static void WriteDoubles(BinaryWriter w, ReadOnlySpan<double> values)
    {
        w.Write(values.Length);
        foreach (var v in values) w.Write(v);
    }

    internal static double[] ReadDoubles(BinaryReader r, int limit)
    {
        var values = new double[Count(r, limit / sizeof(double))];
        for (var i = 0; i < values.Length; i++) values[i] = r.ReadDouble();
        return values;
    }

    internal static void WriteOptional(BinaryWriter w, double? value)
    {
        w.Write(value.HasValue);
        if (value.HasValue) w.Write(value.Value);
    }

    internal static double? ReadOptional(BinaryReader r) => r.ReadBoolean() ? r.ReadDouble() : null;

    internal static void WriteInts(BinaryWriter w, ReadOnlySpan<int> values)
    {
        w.Write(values.Length);
        foreach (var v in values) w.Write(v);
    }

    internal static int[] ReadInts(BinaryReader r, int limit)
    {
        var values = new int[Count(r, limit / sizeof(int))];
        for (var i = 0; i < values.Length; i++) values[i] = r.ReadInt32();
        return values;
    }

    // A length prefix that cannot be larger than what the file could hold.
    internal static int Count(BinaryReader r, int limit)
    {
        var count = r.ReadInt32();
        if (count < 0 || count > limit) throw new FormatException($"a count of {count} is out of range");
        return count;
    }
}
