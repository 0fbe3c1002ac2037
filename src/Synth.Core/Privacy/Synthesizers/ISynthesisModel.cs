using Synth.Core.Privacy.Accounting;

namespace Synth.Core.Privacy.Synthesizers;

/// <summary>
/// What a fit produces: a distribution over the domain that can be sampled any number of times
/// (sampling is post-processing, it costs no privacy) and stored as bytes.
/// </summary>
public interface ISynthesisModel
{
    /// <summary>The synthesizer that fitted it (its registry name).</summary>
    string Method { get; }

    /// <summary>The public domain, as the data had it.</summary>
    Domain Domain { get; }

    /// <summary>The budget the fit was given.</summary>
    PrivacyBudget Budget { get; }

    /// <summary>Every privacy charge the fit made, in order.</summary>
    IReadOnlyList<PrivacySpend> Spends { get; }

    /// <summary><paramref name="rows"/> synthetic rows; the same seed gives the same rows.</summary>
    EncodedTable Sample(int rows, ulong seed);

    /// <summary>The model as bytes, for <see cref="SynthesizerRegistry.Load"/>.</summary>
    byte[] Serialize();
}
