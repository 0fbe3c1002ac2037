namespace Synth.Grains.Models;

/// <summary>What a finished fit wrote (<see cref="ModelIds.FitResultKey"/>): the model, and its evaluation or why there is none.</summary>
/// <param name="ModelBytes">Size of the stored model, bytes.</param>
/// <param name="TrainRows">Rows the model was fitted on.</param>
/// <param name="HoldoutRows">Rows kept out for the evaluation.</param>
/// <param name="EvaluationKey">The report, or null when the evaluation failed (<paramref name="EvaluationError"/> says why).</param>
/// <param name="Device">Where the fit ran: "cpu", or the GPU's name (e.g. "NVIDIA H200").</param>
[GenerateSerializer, Immutable, Alias("synth.models.FitResult")]
public sealed record FitResult(string ModelKey, long ModelBytes, int TrainRows, int HoldoutRows, string? EvaluationKey, string? EvaluationError, string Device = "cpu");
