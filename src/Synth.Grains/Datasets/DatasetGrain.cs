using Synth.Core.Datasets;
using Synth.Runtime.Grains;

namespace Synth.Grains.Datasets;

internal sealed class DatasetGrain : Grain<DatasetGrain.Record>, IDatasetGrain
{
    public sealed class Record
    {
        public NewDataset? Dataset { get; set; }

        public DateTimeOffset CreatedAt { get; set; }

        public DomainSpec? ConfirmedDomain { get; set; }

        public DateTimeOffset? DomainConfirmedAt { get; set; }

        /// <summary>The latest privately derived domain (it replaces the profiler's draft), with its <see cref="DomainSpec.Derivation"/>.</summary>
        public DomainSpec? DerivedDraft { get; set; }
    }

    public async Task<DatasetInfo> CreateAsync(NewDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (State.Dataset is not null) throw new InvalidOperationException($"dataset {Key} exists already");
        State = new Record { Dataset = dataset, CreatedAt = DateTimeOffset.UtcNow };
        await WriteStateAsync().ConfigureAwait(false);
        return Info();
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
        await WriteStateAsync().ConfigureAwait(false);
        return domain;
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
        await WriteStateAsync().ConfigureAwait(false);
        return Info();
    }

    public async Task<bool> DeleteAsync(string? requester)
    {
        if (State.Dataset is null) return false;
        Owned(requester);
        await ClearStateAsync().ConfigureAwait(false);
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
