namespace Synth.Core.Privacy.Synthesizers;

/// <summary>Where a fit is: a stage name ("measure", "select", "estimate", …), the fraction done (0..1) and a line for people.</summary>
public sealed record FitProgress(string Stage, double Fraction, string Message);
