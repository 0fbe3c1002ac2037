using System.Globalization;
using Synth.Core.Privacy.Accounting;
using Synth.Grains.Audit;
using Synth.Grains.Observability;

namespace Synth.Grains.Privacy;

/// <summary>
/// A dataset's privacy budget. Every spend granted or refused is recorded in the audit log here,
/// where every spend passes whoever asked for it (a fit, a private domain derivation), with the
/// caller and address the API handed down (<see cref="AuditContext"/>).
/// </summary>
internal sealed class PrivacyBudgetGrain([PersistentState("budget", SynthStorage.Name)] IPersistentState<PrivacyBudgetState> state, IAuditLog audit) : Grain, IPrivacyBudgetGrain
{
    private string Key => this.GetPrimaryKeyString();

    private PrivacyBudgetState State
    {
        get => state.State;
        set => state.State = value;
    }

    // Floating-point sums of ρ may drift by an ulp or so: a request that fits up to this is granted.
    private const double Tolerance = 1e-12;

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
        await WriteOrForgetAsync(() => State.Total = null);
        return Info();
    }

    public Task<BudgetInfo?> GetAsync() => Task.FromResult(State.Total is null ? null : Info());

    public async Task<SpendResult> TrySpendAsync(SpendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var total = State.Total ?? throw new KeyNotFoundException($"dataset {Key} has no privacy budget");
        // A retried request (its answer was lost) gets the grant it already has, not a second one.
        if (request.RequestId is { } requestId && State.Ledger.FirstOrDefault(e => e.Id == requestId && e.Kind == "spend") is { } granted)
        {
            return new SpendResult(true, granted.Id, Remaining(total), null);
        }
        if (!(request.Rho > 0) || double.IsInfinity(request.Rho)) throw new ArgumentException("rho: must be a positive, finite number");
        if (!(request.Delta >= 0 && request.Delta < 1)) throw new ArgumentException("delta: must be in [0, 1)");
        var spentDelta = SpentDelta();
        if (request.Delta > 0 && !(spentDelta + request.Delta < total.Delta))
        {
            return await RefuseAsync(request, total,
                $"the privacy budget of {Key} does not allow this: it needs δ′ = {Format(request.Delta)}, "
                + $"and δ = {Format(Math.Max(0, total.Delta - spentDelta))} of δ = {Format(total.Delta)} remains (some must be left for ε)");
        }
        var remaining = Remaining(total, spentDelta + request.Delta);
        if (request.Rho > remaining + Tolerance)
        {
            var needs = request.Delta > 0 ? $"ρ = {Format(request.Rho)} and δ′ = {Format(request.Delta)}" : $"ρ = {Format(request.Rho)}";
            return await RefuseAsync(request, total,
                $"the privacy budget of {Key} does not allow this: it needs {needs} (ε ≈ {Format(request.EpsilonEquivalent)}), "
                + $"and ρ = {Format(remaining)} of ρ = {Format(total.Rho)} (ε = {Format(total.Epsilon)}, δ = {Format(total.Delta)}) remains for it");
        }
        var entry = new LedgerEntry(request.RequestId ?? Guid.NewGuid(), "spend", DateTimeOffset.UtcNow, request.Who, request.Mechanism, request.Rho, request.EpsilonEquivalent, request.JobId, null, null,
            request.Delta);
        // Recorded before the spend is stored: when the audit log cannot keep it, nothing is spent and
        // the request fails (503); when the store then fails, a second event says so.
        var what = $"{request.Mechanism}: ρ = {Format(request.Rho)} (ε ≈ {Format(request.EpsilonEquivalent)}, δ′ = {Format(request.Delta)}) for {request.Who}"
            + (request.JobId is null ? "" : $", job {request.JobId}");
        await RecordAsync(AuditActions.BudgetSpent, AuditEvent.Ok, what);
        State.Ledger.Add(entry);
        try
        {
            await WriteOrForgetAsync(() => State.Ledger.Remove(entry));
        }
        catch (Exception e)
        {
            try
            {
                await RecordAsync(AuditActions.BudgetSpent, AuditEvent.Failed, $"not stored ({e.GetType().Name}), so not spent: {what}");
            }
            catch (AuditUnavailableException)
            {
                // Already in the error log; the store's failure is what the caller must hear.
            }
            throw;
        }
        SynthMetrics.BudgetSpends.Add(1);
        SynthMetrics.BudgetRhoSpent.Add(request.Rho);
        return new SpendResult(true, entry.Id, Remaining(total), null);
    }

    public async Task<BudgetInfo> RefundAsync(Guid spendId, string reason)
    {
        if (State.Total is null) throw new KeyNotFoundException($"dataset {Key} has no privacy budget");
        var spend = State.Ledger.FirstOrDefault(e => e.Id == spendId && e.Kind == "spend")
            ?? throw new KeyNotFoundException($"no grant {spendId} in the ledger of {Key}");
        if (State.Ledger.Any(e => e.Refunds == spendId)) return Info();
        var refund = new LedgerEntry(Guid.NewGuid(), "refund", DateTimeOffset.UtcNow, spend.Who, spend.Mechanism, -spend.Rho, -spend.EpsilonEquivalent, spend.JobId, spendId, reason,
            -spend.Delta);
        State.Ledger.Add(refund);
        await WriteOrForgetAsync(() => State.Ledger.Remove(refund));
        return Info();
    }

    private async Task<SpendResult> RefuseAsync(SpendRequest request, BudgetTotal total, string reason)
    {
        SynthMetrics.BudgetRefusals.Add(1);
        await RecordAsync(AuditActions.BudgetRefused, AuditEvent.Refused, $"{request.Mechanism} for {request.Who}: {reason}");
        return new SpendResult(false, null, Remaining(total), reason);
    }

    private async Task RecordAsync(string action, string outcome, string detail)
    {
        var (actor, role, address) = AuditContext.Current("system");
        await audit.RecordAsync(AuditEvent.Create(actor, role, action, $"dataset:{Key}", outcome, address, detail));
    }

    /// <summary>
    /// Writes the state; when the write fails, undoes the change in memory and deactivates, so that
    /// no later call is answered from a ledger that may never have been stored (a retried request
    /// would otherwise find its "grant" and be told yes). Orleans deactivates on an ETag conflict
    /// (a stale activation) by itself; a storage error, whose outcome is unknown, needs this.
    /// </summary>
    private async Task WriteOrForgetAsync(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            undo();
            DeactivateOnIdle();
            throw;
        }
    }

    private double Remaining(BudgetTotal total) => Remaining(total, SpentDelta());

    /// <summary>ρ left for a spend when <paramref name="delta"/> of the total's δ goes to δ′ (spent and requested).</summary>
    private double Remaining(BudgetTotal total, double delta) => Math.Max(0, Allowed(total, delta) - State.Ledger.Sum(e => e.Rho));

    private static double Allowed(BudgetTotal total, double delta)
    {
        // Without δ′ the total's own ρ is the rule, exactly as before δ′ existed.
        if (delta <= 0) return total.Rho;
        return delta < total.Delta ? Math.Min(total.Rho, Zcdp.RhoFromEpsilon(total.Epsilon, total.Delta - delta)) : 0;
    }

    // Refunds carry a negative δ′; what is left of the sum's rounding is not a spend.
    private double SpentDelta() => Math.Max(0, State.Ledger.Sum(e => e.Delta));

    private BudgetInfo Info()
    {
        var total = State.Total!;
        var spent = State.Ledger.Sum(e => e.Rho);
        return new BudgetInfo(total, spent, Remaining(total), State.Ledger, SpentDelta());
    }

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
