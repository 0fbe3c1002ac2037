namespace Synth.Core.Privacy.Evaluation;

/// <summary>The evaluation of a synthetic table, JSON-serialisable (the API returns it as is); null where a part needs a holdout and there was none.</summary>
/// <param name="Marginals">Total-variation distance of all 1-way and 2-way marginals (train vs synthetic).</param>
/// <param name="WorstPairs">The 2-way marginals the synthetic data gets most wrong.</param>
/// <param name="Associations">How well pairwise associations (Pearson / Cramér's V) are kept.</param>
/// <param name="Utility">Train-on-synthetic, test-on-real classification, next to train-on-real.</param>
/// <param name="PrivacyRisk">Distances to the closest training and holdout records, and exact copies.</param>
public sealed record EvaluationReport(
    int TrainRows,
    int HoldoutRows,
    int SyntheticRows,
    MarginalDistanceSummary Marginals,
    IReadOnlyList<PairDistance> WorstPairs,
    AssociationSummary Associations,
    UtilityReport? Utility,
    PrivacyRiskReport PrivacyRisk)
{
    /// <summary>
    /// Each synthesised column's 1-way marginal, real (train) against synthetic, for drawing them side
    /// by side; columns of more than <see cref="SynthesisEvaluator.MaxDrawnCodes"/> codes are left out.
    /// </summary>
    public IReadOnlyList<ColumnMarginal>? Columns { get; init; }

    /// <summary>The TV distance of every pair's 2-way marginal (train vs synthetic), for a heat map; <see cref="WorstPairs"/> are the largest.</summary>
    public IReadOnlyList<PairDistance>? Pairs { get; init; }
}

/// <summary>One column's marginal: the share of rows per code, in the domain's order (categories, "other", bins, then the missing code).</summary>
/// <param name="Distance">The TV distance of the two.</param>
public sealed record ColumnMarginal(string Name, IReadOnlyList<double> Real, IReadOnlyList<double> Synthetic, double Distance);

public sealed record PairDistance(string A, string B, double Distance);

/// <param name="MeanAbsoluteDifference">Mean over all pairs of |association(real) − association(synthetic)|.</param>
public sealed record AssociationSummary(double MeanAbsoluteDifference, double MaxAbsoluteDifference, IReadOnlyList<AssociationDifference> WorstPairs);

/// <param name="Measure">"pearson" (both attributes ordered) or "cramers-v".</param>
public sealed record AssociationDifference(string A, string B, string Measure, double Real, double Synthetic)
{
    public double AbsoluteDifference => Math.Abs(Real - Synthetic);
}

/// <param name="MajorityAccuracy">Accuracy on the holdout of always answering the training rows' most common class: the floor.</param>
/// <param name="AccuracyRatio">Synthetic accuracy / real accuracy (1: as useful as the real data for this task).</param>
public sealed record UtilityReport(
    string Target,
    int RealTrainingRows,
    int SyntheticTrainingRows,
    int HoldoutRows,
    double MajorityAccuracy,
    ClassifierScore Real,
    ClassifierScore Synthetic,
    double? AccuracyRatio,
    double? MacroF1Ratio);

public sealed record ClassifierScore(double Accuracy, double MacroF1);

/// <param name="SyntheticRowsCompared">Synthetic rows (a seeded sample) whose closest records were searched.</param>
/// <param name="ReferenceRows">Training rows, and as many holdout rows, searched (seeded samples of equal size).</param>
/// <param name="MedianDistanceToTrain">Median number of attributes in which a synthetic row differs from its closest training row.</param>
/// <param name="ShareCloserToTrain">Share of synthetic rows strictly closer to a training row than to any holdout row; about <see cref="ShareCloserToHoldout"/> when the model does not memorise.</param>
/// <param name="ExactMatchRate">Share of the compared synthetic rows equal to some training row.</param>
/// <param name="HoldoutExactMatchRate">The same share for real holdout rows: how often the data repeats itself anyway.</param>
/// <param name="TrainFractionSearched">
/// The share of the training rows that are among the <see cref="ReferenceRows"/> searched. The
/// comparison needs as many training rows as holdout rows, so a synthetic row that copies a
/// training row left out of that sample reads as no closer to training than to holdout: even a
/// table copying every training row shows <see cref="ShareCloserToTrain"/> − <see cref="ShareCloserToHoldout"/>
/// of only about this fraction. <see cref="ExactMatchRate"/> searches every training row.
/// </param>
public sealed record PrivacyRiskReport(
    int SyntheticRowsCompared,
    int ReferenceRows,
    double MedianDistanceToTrain,
    double? MedianDistanceToHoldout,
    double? ShareCloserToTrain,
    double? ShareCloserToHoldout,
    double? ShareTied,
    double ExactMatchRate,
    double? HoldoutExactMatchRate,
    double? TrainFractionSearched);
