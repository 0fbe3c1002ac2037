namespace Synth.Core.Privacy.Evaluation;

/// <summary>Mean and max total-variation distance over all 1-way and all 2-way marginals, and how many of each.</summary>
public sealed record MarginalDistanceSummary(
    double MeanOneWay,
    double MaxOneWay,
    double MeanTwoWay,
    double MaxTwoWay,
    int OneWayCount,
    int TwoWayCount);
