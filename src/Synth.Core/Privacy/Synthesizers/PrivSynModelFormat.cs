using System.Text;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Privacy.Synthesizers;

/// <summary>
/// The stored form of a <see cref="PrivSynModel"/>, little-endian binary like
/// <see cref="SynthesisModelFormat"/>. Version 1: magic "SYNTHPSY", version, method, budget
/// (ρ, ε?, δ?), spends, domain (names, sizes), total, GUM passes, then per marginal its attributes,
/// σ and counts. Reading checks every count and index.
/// </summary>
internal static class PrivSynModelFormat
{
    private static readonly byte[] Magic = "SYNTHPSY"u8.ToArray();
    private const int Version = 1;

    public static bool IsOne(byte[] bytes) => bytes.Length >= Magic.Length && bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic);

    public static byte[] Write(PrivSynModel model)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            SynthesisModelFormat.WriteHeader(w, model.Method, model.Budget, model.Spends, model.Domain);
            w.Write(model.Total);
            w.Write(model.UpdateIterations);
            w.Write(model.Sets.Count);
            for (var k = 0; k < model.Sets.Count; k++)
            {
                SynthesisModelFormat.WriteInts(w, model.Sets[k].Indices);
                w.Write(model.Sigmas[k]);
                SynthesisModelFormat.WriteDoubles(w, model.Tables[k]);
            }
        }
        return stream.ToArray();
    }

    public static PrivSynModel Read(byte[] bytes)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new FormatException("not a PrivSyn model (bad magic)");
            var version = r.ReadInt32();
            if (version != Version) throw new FormatException($"PrivSyn model format version {version} is not supported (expected {Version})");
            var (method, budget, spends, domain) = SynthesisModelFormat.ReadHeader(r, bytes.Length);
            var total = r.ReadDouble();
            var iterations = r.ReadInt32();
            var count = SynthesisModelFormat.Count(r, bytes.Length);
            var sets = new AttributeSet[count];
            var sigmas = new double[count];
            var tables = new double[count][];
            for (var k = 0; k < count; k++)
            {
                sets[k] = new AttributeSet(SynthesisModelFormat.ReadInts(r, bytes.Length));
                sigmas[k] = r.ReadDouble();
                tables[k] = SynthesisModelFormat.ReadDoubles(r, bytes.Length);
            }
            if (r.BaseStream.Position != bytes.Length) throw new FormatException("unexpected bytes after the model");
            return new PrivSynModel(method, domain, sets, tables, sigmas, total, iterations, budget, spends);
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
}
