using Synth.Grains.Jobs;
using Synth.Grains.Models;
using Synth.Grains.Privacy;

namespace Synth.Grains.Datasets;

/// <summary>
/// How <see cref="IDatasetGrain.FitAsync"/> ended: the model and its fit job were created (the
/// spend recorded), or the budget refused the fit (<see cref="Refusal"/> says why; nothing was recorded).
/// </summary>
/// <param name="Rho">ρ of the fit (0 for nonprivate).</param>
/// <param name="Delta">δ of the fit; null for nonprivate.</param>
/// <param name="Budget">The budget as the spend left it (or as it stood when refused).</param>
[GenerateSerializer, Immutable, Alias("synth.datasets.FitOrderOutcome")]
public sealed record FitOrderOutcome(ModelInfo? Model, JobInfo? Job, double Rho, double? Delta, BudgetInfo Budget, string? Refusal);
