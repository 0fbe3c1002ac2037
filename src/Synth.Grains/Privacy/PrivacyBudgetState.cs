namespace Synth.Grains.Privacy;

/// <summary>The durable state of the PrivacyBudgetGrain.</summary>
[GenerateSerializer, Alias("synth.privacy.PrivacyBudgetState")]
public sealed class PrivacyBudgetState
{
    [Id(0)]
    public BudgetTotal? Total { get; set; }

    [Id(1)]
    public List<LedgerEntry> Ledger { get; set; } = [];
}
