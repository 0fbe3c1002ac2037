namespace Synth.Grains.Models;

/// <summary>
/// A fitted (or fitting) synthesis model, keyed by its id: what was fitted, on which dataset, at
/// what privacy cost, and where its artifacts are. It learns how its fit ended from the fit job
/// (<see cref="FitFinishedAsync"/>). A model outlives its dataset: it is a differentially private
/// release, not the data. Errors: <see cref="KeyNotFoundException"/> (no such model),
/// <see cref="UnauthorizedAccessException"/> (not the dataset's owner), <see cref="ModelConflictException"/>.
/// </summary>
[Alias("synth.models.IModelGrain")]
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>Records a model whose fit job is about to be submitted. Once per id.</summary>
    [Alias("Create")]
    Task<ModelInfo> CreateAsync(NewModel model);

    /// <summary>The model, or null when none has this id.</summary>
    [Alias("Get")]
    Task<ModelInfo?> GetAsync();

    /// <summary>The fit job ended. Idempotent: the first final outcome stays.</summary>
    [Alias("FitFinished")]
    Task<ModelInfo> FitFinishedAsync(FitOutcome outcome);

    /// <summary>Forgets a model whose fit job could not be created (nothing was fitted). False when there was none.</summary>
    [Alias("Forget")]
    Task<bool> ForgetAsync();

    /// <summary>Where the evaluation report is (dataset owner only); ModelConflictException while fitting, or when there is none.</summary>
    [Alias("GetEvaluationKey")]
    Task<string> GetEvaluationKeyAsync(string? requester);
}
