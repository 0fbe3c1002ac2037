using Synth.Core.Datasets;
using Synth.Grains.Privacy;
using Synth.Storage;

namespace Synth.Grains.Datasets;

internal sealed class DatasetGrain([PersistentState("dataset", SynthStorage.Name)] IPersistentState<DatasetState> state, IArtifactStore artifacts) : Grain, IDatasetGrain
{
    private string Key => this.GetPrimaryKeyString();

    private DatasetState State
    {
        get => state.State;
        set => state.State = value;
    }

    public async Task<DatasetInfo> CreateAsync(NewDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (State.Dataset is not null) throw new InvalidOperationException($"dataset {Key} exists already");
        State = new DatasetState { Dataset = dataset, CreatedAt = DateTimeOffset.UtcNow };
        await state.WriteStateAsync();
        return Info();
    }

    public async Task<UploadedDataset> CreateFromUploadAsync(StoredUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (State.Dataset is not null) throw new InvalidOperationException($"dataset {Key} exists already");
        var key = DatasetIds.DataKey(Key);
        NewDataset dataset;
        try
        {
            await using var data = await artifacts.OpenReadAsync(key, cancellationToken: CancellationToken.None);
            dataset = await Task.Run(() =>
            {
                var table = RawTable.ReadCsv(data);
                var profile = DatasetProfiler.Profile(table);
                return new NewDataset(upload.Name, upload.Owner, key, upload.Bytes, table.Rows, table.Header, profile, DatasetProfiler.DraftDomain(profile, table));
            });
        }
        catch (CsvDataException e)
        {
            // Nothing half-done: the stored bytes go with the refusal.
            await artifacts.DeleteAsync(key, CancellationToken.None);
            throw new DatasetRejectedException(e.Message, e.Line, e.Column, e.Problem);
        }
        try
        {
            var info = await CreateAsync(dataset);
            var budget = await GrainFactory.GetGrain<IPrivacyBudgetGrain>(Key).InitializeAsync(upload.Budget);
            return new UploadedDataset(info, budget);
        }
        catch
        {
            // Without its record the stored CSV is unreachable: it goes too.
            await artifacts.DeleteAsync(key, CancellationToken.None);
            throw;
        }
    }

    public Task<DatasetInfo?> GetAsync() => Task.FromResult(State.Dataset is null ? null : Info());

    public Task<DatasetProfile> GetProfileAsync(string? requester) => Task.FromResult(Owned(requester).Profile);

    public Task<DomainSpec> GetDomainAsync(string? requester)
    {
        if (State.ConfirmedDomain is { } confirmed) return Task.FromResult(confirmed);
        var dataset = Owned(requester);
        return Task.FromResult(State.DerivedDraft ?? dataset.DraftDomain);
    }

    public async Task<DomainSpec> SetDerivedDraftAsync(DomainSpec domain, string? requester)
    {
        ArgumentNullException.ThrowIfNull(domain);
        if (domain.Derivation is null) throw new ArgumentException("a derived draft records its derivation");
        var dataset = Owned(requester);
        var problems = domain.Validate();
        if (problems.Count > 0 || domain.Columns.Any(c => !dataset.Columns.Contains(c.Name, StringComparer.Ordinal)))
        {
            throw new ArgumentException("the derived domain does not fit the dataset: " + string.Join("; ", problems));
        }
        State.DerivedDraft = domain;
        await state.WriteStateAsync();
        return domain;
    }

    public async Task<DomainDerivationOutcome> DeriveDomainAsync(DomainDerivationOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var dataset = State.Dataset ?? throw new KeyNotFoundException($"no dataset has id {Key}");
        if (dataset.Owner is not null && dataset.Owner != order.Requester)
        {
            throw new UnauthorizedAccessException($"only the owner of dataset {Key} may spend its privacy budget on deriving its domain");
        }
        // The kinds (and bins) are the owner's: those of the confirmed domain, else of the current draft.
        // Forms are not taken from it (a draft's are read off the data): decimals and datetime formats are
        // derived privately, identifier patterns are left to the owner's edit of the derived draft.
        var kinds = (State.ConfirmedDomain ?? State.DerivedDraft ?? dataset.DraftDomain).WithoutForms();
        var budget = GrainFactory.GetGrain<IPrivacyBudgetGrain>(Key);
        var outcome = await DomainDerivationStep.RunAsync(Key, dataset, kinds, order, budget, artifacts);
        if (outcome.Domain is null) return outcome;
        await SetDerivedDraftAsync(outcome.Domain, order.Requester);
        return outcome with { Budget = await budget.GetAsync() ?? outcome.Budget };
    }

    public Task<FitOrderOutcome> FitAsync(FitOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var dataset = State.Dataset ?? throw new KeyNotFoundException($"no dataset has id {Key}");
        if (dataset.Owner is not null && dataset.Owner != order.Requester)
        {
            // The budget is the owner's to spend (anyone else could exhaust it), and a nonprivate model copies the data with no privacy at all.
            throw new UnauthorizedAccessException(order.Private
                ? $"only the owner of dataset {Key} may spend its privacy budget on a fit"
                : $"only the owner of dataset {Key} may fit a nonprivate model: it copies the data with no privacy at all");
        }
        if (State.ConfirmedDomain is not { } domain)
        {
            throw new DatasetConflictException($"dataset {Key} has no confirmed domain: review the draft (GET /datasets/{Key}/domain) and confirm it with PUT /datasets/{Key}/domain first");
        }
        return FitStep.RunAsync(Key, dataset, domain, order, GrainFactory);
    }

    public async Task<DatasetInfo> ConfirmDomainAsync(DomainSpec domain, string? requester)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var dataset = Owned(requester);
        var problems = domain.Validate().ToList();
        for (var i = 0; i < (domain.Columns?.Count ?? 0); i++)
        {
            if (!dataset.Columns.Contains(domain.Columns![i].Name, StringComparer.Ordinal))
            {
                problems.Add($"$.columns[{i}].name: the dataset has no column '{domain.Columns[i].Name}' (it has {string.Join(", ", dataset.Columns)})");
            }
        }
        if (problems.Count > 0) throw new ArgumentException(string.Join(Environment.NewLine, problems));
        // Only a domain confirmed exactly as derived keeps the mark of a private derivation; an edited one (or one a client marks itself) does not.
        State.ConfirmedDomain = domain with { Derivation = State.DerivedDraft is { } derived && derived.SameColumns(domain) ? derived.Derivation : null };
        State.DomainConfirmedAt = DateTimeOffset.UtcNow;
        await state.WriteStateAsync();
        return Info();
    }

    public async Task<bool> DeleteAsync(string? requester)
    {
        if (State.Dataset is null) return false;
        Owned(requester);
        await state.ClearStateAsync();
        DeactivateOnIdle();
        return true;
    }

    private NewDataset Owned(string? requester)
    {
        var dataset = State.Dataset ?? throw new KeyNotFoundException($"no dataset has id {Key}");
        if (dataset.Owner is not null && dataset.Owner != requester) throw new UnauthorizedAccessException($"dataset {Key} belongs to someone else");
        return dataset;
    }

    private DatasetInfo Info()
    {
        var d = State.Dataset!;
        return new DatasetInfo(Key, d.Name, d.Owner, State.CreatedAt, d.Rows, d.Columns, d.Bytes, State.ConfirmedDomain is not null, State.DomainConfirmedAt);
    }
}
