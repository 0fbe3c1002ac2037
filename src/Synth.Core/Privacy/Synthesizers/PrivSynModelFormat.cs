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
            w.Write(model.Method);
            w.Write(model.Budget.Rho);
            SynthesisModelFormat.WriteOptional(w, model.Budget.Epsilon);
            SynthesisModelFormat.WriteOptional(w, model.Budget.Delta);
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
            w.Write(model.Total);
            w.Write(model.UpdateIterations);
            w.Write(model.Sets.Count);
            for (var k = 0; k < model.Sets.Count; k++)
            {
                SynthesisModelFormat.WriteInts(w, model.Sets[k].Indices);
                w.Write(model.Sigmas[k]);
                w.Write(model.Tables[k].Length);
                foreach (var v in model.Tables[k]) w.Write(v);
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
            var method = r.ReadString();
            var rho = r.ReadDouble();
            var epsilon = SynthesisModelFormat.ReadOptional(r);
            var delta = SynthesisModelFormat.ReadOptional(r);
            var budget = double.IsPositiveInfinity(rho) ? PrivacyBudget.Infinite
                : epsilon is { } e && delta is { } d ? PrivacyBudget.FromEpsilon(e, d)
                : PrivacyBudget.FromRho(rho);
            var spends = new PrivacySpend[SynthesisModelFormat.Count(r, bytes.Length)];
            for (var i = 0; i < spends.Length; i++) spends[i] = new PrivacySpend(r.ReadString(), r.ReadDouble());
            var attributes = SynthesisModelFormat.Count(r, bytes.Length);
            var names = new string[attributes];
            var sizes = new int[attributes];
            for (var a = 0; a < attributes; a++)
            {
                names[a] = r.ReadString();
                sizes[a] = r.ReadInt32();
            }
            var domain = new Domain(names, sizes);
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
                tables[k] = new double[SynthesisModelFormat.Count(r, bytes.Length / sizeof(double))];
                for (var i = 0; i < tables[k].Length; i++) tables[k][i] = r.ReadDouble();
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
