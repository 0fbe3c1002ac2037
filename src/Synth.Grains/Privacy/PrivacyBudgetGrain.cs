using System.Globalization;
using Synth.Runtime.Grains;

namespace Synth.Grains.Privacy;

internal sealed class PrivacyBudgetGrain : Grain<PrivacyBudgetGrain.Books>, IPrivacyBudgetGrain
{
    // Floating-point sums of ρ may drift by an ulp or so: a request that fits up to this is granted.
    private const double Tolerance = 1e-12;

    public sealed class Books
    {
        public BudgetTotal? Total { get; set; }

        public List<LedgerEntry> Ledger { get; set; } = [];
    }

    public async Task<BudgetInfo> InitializeAsync(BudgetTotal total)
    {
        ArgumentNullException.ThrowIfNull(total);
        if (!(total.Epsilon > 0) || !(total.Delta is >= 0 and < 1) || !(total.Rho > 0))
        {
            throw new ArgumentException("budget: epsilon and rho must be > 0 and delta in [0, 1)");
        }
        if (State.Total is { } existing)
        {
            if (existing == total) return Info();
            throw new BudgetConflictException($"the budget of {Key} is already set to ε = {existing.Epsilon.ToString(CultureInfo.InvariantCulture)}, δ = {existing.Delta.ToString(CultureInfo.InvariantCulture)}; it cannot change");
        }
        State.Total = total;
        await WriteStateAsync().ConfigureAwait(false);
        return Info();
    }

    public Task<BudgetInfo?> GetAsync() => Task.FromResult(State.Total is null ? null : Info());

    public async Task<SpendResult> TrySpendAsync(SpendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var total = State.Total ?? throw new KeyNotFoundException($"dataset {Key} has no privacy budget");
        if (!(request.Rho > 0) || double.IsInfinity(request.Rho)) throw new ArgumentException("rho: must be a positive, finite number");
        var remaining = Remaining(total);
        if (request.Rho > remaining + Tolerance)
        {
            return new SpendResult(false, null, remaining,
                $"the privacy budget of {Key} does not allow this: it needs ρ = {Format(request.Rho)} (ε ≈ {Format(request.EpsilonEquivalent)}), "
                + $"and ρ = {Format(remaining)} of ρ = {Format(total.Rho)} (ε = {Format(total.Epsilon)}, δ = {Format(total.Delta)}) remains");
        }
        var entry = new LedgerEntry(Guid.NewGuid(), "spend", DateTimeOffset.UtcNow, request.Who, request.Mechanism, request.Rho, request.EpsilonEquivalent, request.JobId, null, null);
        State.Ledger.Add(entry);
        await WriteStateAsync().ConfigureAwait(false);
        return new SpendResult(true, entry.Id, Remaining(total), null);
    }

    public async Task<BudgetInfo> RefundAsync(Guid spendId, string reason)
    {
        if (State.Total is null) throw new KeyNotFoundException($"dataset {Key} has no privacy budget");
        var spend = State.Ledger.FirstOrDefault(e => e.Id == spendId && e.Kind == "spend")
            ?? throw new KeyNotFoundException($"no grant {spendId} in the ledger of {Key}");
        if (State.Ledger.Any(e => e.Refunds == spendId)) return Info();
        State.Ledger.Add(new LedgerEntry(Guid.NewGuid(), "refund", DateTimeOffset.UtcNow, spend.Who, spend.Mechanism, -spend.Rho, -spend.EpsilonEquivalent, spend.JobId, spendId, reason));
        await WriteStateAsync().ConfigureAwait(false);
        return Info();
    }

    private double Remaining(BudgetTotal total) => Math.Max(0, total.Rho - State.Ledger.Sum(e => e.Rho));

    private BudgetInfo Info()
    {
        var total = State.Total!;
        var spent = State.Ledger.Sum(e => e.Rho);
        return new BudgetInfo(total, spent, Math.Max(0, total.Rho - spent), State.Ledger);
    }

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
