using System.Text;
using Synth.Core.Generation.Random;
using Synth.Core.Privacy;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Synthesizers;

namespace Synth.Core.Datasets;

/// <summary>
/// A fitted model of a table: the confirmed domain (how values map to codes and back) and the
/// synthesis model over the codes. What <c>synth fit</c> writes and the cluster stores as a model
/// artifact; sampling it costs no privacy. Stored form: magic "SYNTHTBL", version, the domain as
/// JSON, then the synthesis model's own bytes (<see cref="ISynthesisModel.Serialize"/>).
/// </summary>
public sealed class TableModel
{
    /// <summary>
    /// Rows are sampled in batches of this many, each from its own seed: memory stays bounded
    /// and the output for a seed does not depend on who samples it or how it is split.
    /// </summary>
    public const int BatchRows = 1 << 20;

    private static readonly byte[] Magic = "SYNTHTBL"u8.ToArray();
    private const int Version = 1;

    private readonly TableCodec _codec;

    public TableModel(DomainSpec domain, ISynthesisModel model)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(model);
        _codec = new TableCodec(domain);
        if (!_codec.Domain.Names.SequenceEqual(model.Domain.Names, StringComparer.Ordinal) || !_codec.Domain.Sizes.SequenceEqual(model.Domain.Sizes))
        {
            throw new ArgumentException("the model was not fitted on this domain (its attributes or sizes differ)");
        }
        Domain = domain;
        Model = model;
    }

    public DomainSpec Domain { get; }

    public ISynthesisModel Model { get; }

    public TableCodec Codec => _codec;

    /// <summary>
    /// Encodes <paramref name="data"/> under <paramref name="domain"/> and fits <paramref name="method"/>
    /// on it. Throws <see cref="FormatException"/> (a value outside the domain, naming column and
    /// row) before any measurement; <see cref="PrivacyBudgetExceededException"/> never leaves a
    /// partial spend unaccounted (the model is not returned).
    /// </summary>
    public static TableModel Fit(
        RawTable data,
        DomainSpec domain,
        ISynthesizer method,
        PrivacyBudget budget,
        SynthesizerOptions? options = null,
        IProgress<FitProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(method);
        var codec = new TableCodec(domain);
        var encoded = codec.Encode(data);
        return new TableModel(domain, method.Fit(encoded, budget, options, progress, cancellationToken));
    }

    /// <summary>The codes of <paramref name="rows"/> sampled rows, batch by batch (see <see cref="BatchRows"/>).</summary>
    public IEnumerable<(long FirstRow, EncodedTable Codes)> SampleCodes(long rows, ulong seed)
    {
        for (long batch = 0; batch < BatchCount(rows); batch++) yield return SampleBatchCodes(rows, seed, batch);
    }

    /// <summary>Number of <see cref="BatchRows"/> batches in a sample of <paramref name="rows"/> rows.</summary>
    public static long BatchCount(long rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        return (rows + BatchRows - 1) / BatchRows;
    }

    /// <summary>
    /// Batch <paramref name="batch"/> of a sample of <paramref name="rows"/> rows, computed on its own:
    /// exactly the codes <see cref="SampleCodes"/> yields for it (a job shard samples one batch).
    /// </summary>
    public (long FirstRow, EncodedTable Codes) SampleBatchCodes(long rows, ulong seed, long batch)
    {
        if (batch < 0 || batch >= BatchCount(rows)) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"a sample of {rows} rows has {BatchCount(rows)} batches");
        var first = batch * BatchRows;
        var n = (int)Math.Min(BatchRows, rows - first);
        return (first, Model.Sample(n, BatchSeed(seed, batch)));
    }

    private static ulong BatchSeed(ulong seed, long batch) => CounterRng.Mix(seed + (ulong)batch * 0x9E3779B97F4A7C15UL);

    /// <summary><paramref name="rows"/> sampled rows as values, batch by batch; the same seed gives the same rows.</summary>
    public IEnumerable<RawTable> Sample(long rows, ulong seed)
    {
        foreach (var (first, codes) in SampleCodes(rows, seed)) yield return _codec.Decode(codes, seed, first);
    }

    public byte[] Serialize()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(Domain.ToJson());
            var model = Model.Serialize();
            w.Write(model.Length);
            w.Write(model);
        }
        return stream.ToArray();
    }

    /// <summary>A model from <see cref="Serialize"/>; <see cref="FormatException"/> saying why when the bytes are not one.</summary>
    public static TableModel Load(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            if (bytes.Length < Magic.Length || !r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new FormatException("not a Synth table model (it does not start with SYNTHTBL)");
            var version = r.ReadInt32();
            if (version != Version) throw new FormatException($"table model format version {version} is not supported (this build reads {Version})");
            var domain = DomainSpec.FromJson(r.ReadString());
            var length = r.ReadInt32();
            if (length < 0 || length > bytes.Length - r.BaseStream.Position) throw new FormatException("the table model is truncated");
            var model = SynthesizerRegistry.Load(r.ReadBytes(length));
            return new TableModel(domain, model);
        }
        catch (EndOfStreamException)
        {
            throw new FormatException("the table model is truncated");
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }
    }
}
