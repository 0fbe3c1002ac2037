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
            w.Write(model.Method);
            w.Write(model.Budget.Rho);
            WriteOptional(w, model.Budget.Epsilon);
            WriteOptional(w, model.Budget.Delta);
            w.Write(model.Spends.Count);
            foreach (var spend in model.Spends)
            {
                w.Write(spend.Purpose);
                w.Write(spend.Rho);
            }
            w.Write(model.Domain.Count);
            for (var a = 0; a < model.Domain.Count; a++)
            {
                w.Write(model.Domain.Names[a]);
                w.Write(model.Domain.Sizes[a]);
            }
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
            foreach (var marginal in graph.CliqueMarginals)
            {
                w.Write(marginal.Length);
                foreach (var v in marginal) w.Write(v);
            }
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
            var method = r.ReadString();
            var rho = r.ReadDouble();
            var epsilon = ReadOptional(r);
            var delta = ReadOptional(r);
            var budget = double.IsPositiveInfinity(rho) ? PrivacyBudget.Infinite
                : epsilon is { } e && delta is { } d ? PrivacyBudget.FromEpsilon(e, d)
                : PrivacyBudget.FromRho(rho);
            var spends = new PrivacySpend[Count(r, bytes.Length)];
            for (var i = 0; i < spends.Length; i++) spends[i] = new PrivacySpend(r.ReadString(), r.ReadDouble());
            var attributes = Count(r, bytes.Length);
            var names = new string[attributes];
            var sizes = new int[attributes];
            for (var a = 0; a < attributes; a++)
            {
                names[a] = r.ReadString();
                sizes[a] = r.ReadInt32();
            }
            var domain = new Domain(names, sizes);
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
            for (var k = 0; k < cliqueCount; k++)
            {
                var length = Count(r, bytes.Length / sizeof(double));
                var values = new double[length];
                for (var i = 0; i < length; i++) values[i] = r.ReadDouble();
                marginals[k] = values;
            }
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
