namespace Synth.Core.Streams;

/// <summary>How a drift event moves a stream from one concept to the next.</summary>
public enum DriftKind
{
    /// <summary>The new concept from the event's position on.</summary>
    Sudden,

    /// <summary>
    /// The probability of drawing each record from the new concept rises along a sigmoid centred on the
    /// event's position, <c>1 / (1 + e^(-4 (t - at) / window))</c>, as in MOA's and River's concept-drift streams.
    /// </summary>
    Gradual,

    /// <summary>The fields' numbers (means, scales, probabilities, trend slopes, amplitudes) move linearly from the old values to the new ones over the window.</summary>
    Incremental,

    /// <summary>An earlier concept returns for <c>duration</c> out of every <c>period</c>, from the event's position on.</summary>
    Recurring,

    /// <summary>A target field's dependence on the features changes (its spec is patched), suddenly, or gradually with a window.</summary>
    Label,
}
