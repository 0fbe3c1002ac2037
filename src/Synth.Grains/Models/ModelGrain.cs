using Synth.Grains.Jobs;

namespace Synth.Grains.Models;

internal sealed class ModelGrain([PersistentState("model", SynthStorage.Name)] IPersistentState<ModelState> state) : Grain, IModelGrain
{
    private string Key => this.GetPrimaryKeyString();

    private ModelState State
    {
        get => state.State;
        set => state.State = value;
    }

    public async Task<ModelInfo> CreateAsync(NewModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (State.Model is not null)
        {
            if (State.Model == model) return Info();
            throw new ModelConflictException($"model {Key} exists already");
        }
        State = new ModelState { Model = model, CreatedAt = DateTimeOffset.UtcNow, Status = ModelStatus.Fitting };
        await state.WriteStateAsync();
        return Info();
    }

    public Task<ModelInfo?> GetAsync() => Task.FromResult(State.Model is null ? null : Info());

    public async Task<ModelInfo> FitFinishedAsync(FitOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        RequireModel();
        if (State.Status != ModelStatus.Fitting) return Info();
        State.Status = outcome.Status switch
        {
            JobStatus.Succeeded when outcome.Result is not null => ModelStatus.Ready,
            JobStatus.Cancelled => ModelStatus.Cancelled,
            _ => ModelStatus.Failed,
        };
        State.Error = State.Status == ModelStatus.Failed ? outcome.Error ?? "the fit job ended without a model" : outcome.Error;
        State.Result = outcome.Result;
        State.FinishedAt = outcome.At;
        await state.WriteStateAsync();
        return Info();
    }

    public async Task<bool> ForgetAsync()
    {
        if (State.Model is null) return false;
        await state.ClearStateAsync();
        DeactivateOnIdle();
        return true;
    }

    public Task<string> GetEvaluationKeyAsync(string? requester)
    {
        var model = RequireModel();
        if (model.DatasetOwner is not null && model.DatasetOwner != requester)
        {
            throw new UnauthorizedAccessException($"the evaluation of model {Key} describes the real rows of dataset {model.DatasetId}: only its owner reads it");
        }
        return State.Status switch
        {
            ModelStatus.Fitting => throw new ModelConflictException($"model {Key} is still fitting (job {model.FitJobId}); its evaluation comes with it"),
            ModelStatus.Ready when State.Result?.EvaluationKey is { } key => Task.FromResult(key),
            ModelStatus.Ready => throw new ModelConflictException($"model {Key} has no evaluation: {State.Result?.EvaluationError}"),
            _ => throw new ModelConflictException($"model {Key} has no evaluation: its fit {State.Status.ToString().ToLowerInvariant()}"),
        };
    }

    private NewModel RequireModel() => State.Model ?? throw new KeyNotFoundException($"no model has id {Key}");

    private ModelInfo Info()
    {
        var m = State.Model!;
        var r = State.Result;
        return new ModelInfo(Key, m.DatasetId, m.Method, m.Private, m.Epsilon, m.Delta, m.Rho, m.FitJobId, State.Status, State.Error, m.Owner,
            State.CreatedAt, State.FinishedAt, r?.ModelKey, r?.ModelBytes, r?.TrainRows, r?.HoldoutRows,
            State.Status == ModelStatus.Ready, r?.EvaluationKey is not null, r?.EvaluationError);
    }
}
