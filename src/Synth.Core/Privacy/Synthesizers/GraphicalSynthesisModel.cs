using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Estimation;
using Synth.Core.Privacy.Mechanisms;

namespace Synth.Core.Privacy.Synthesizers;

/// <summary>
/// The model every Synth synthesizer produces: a junction-tree graphical model over a (possibly
/// compressed) domain, plus how to map its codes back to the public domain.
/// </summary>
public sealed class GraphicalSynthesisModel : ISynthesisModel
{
    public GraphicalSynthesisModel(
        string method,
        Domain domain,
        DomainCompression compression,
        GraphicalModel model,
        PrivacyBudget budget,
        IReadOnlyList<PrivacySpend> spends)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(compression);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(spends);
        if (!compression.CompressedSizes.AsSpan().SequenceEqual([.. model.Tree.Sizes]))
        {
            throw new ArgumentException("the model's attribute sizes are not the compressed domain's");
        }
        Method = method;
        Domain = domain;
        Compression = compression;
        Model = model;
        Budget = budget;
        Spends = spends;
    }

    public string Method { get; }

    public Domain Domain { get; }

    public DomainCompression Compression { get; }

    /// <summary>The fitted distribution, over the compressed domain.</summary>
    public GraphicalModel Model { get; }

    public PrivacyBudget Budget { get; }

    public IReadOnlyList<PrivacySpend> Spends { get; }

    public EncodedTable Sample(int rows, ulong seed)
    {
        var random = new PrivateRandom(seed);
        var columns = ModelSampler.Sample(Model, rows, random);
        Compression.Expand(columns, random);
        return new EncodedTable(Domain, columns);
    }

    public byte[] Serialize() => SynthesisModelFormat.Write(this);
}
