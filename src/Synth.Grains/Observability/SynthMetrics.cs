using System.Diagnostics.Metrics;

namespace Synth.Grains.Observability;

/// <summary>
/// Synth's own instruments, all in the meter <see cref="MeterName"/> (System.Diagnostics.Metrics: no
/// exporter here; the host chooses Prometheus and/or OTLP). Each is recorded once per shard, job,
/// batch or spend, never per row, so the hot paths pay nothing. An instrument with no listener
/// costs one branch.
/// </summary>
public static class SynthMetrics
{
    public const string MeterName = "Synth";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Rows written by finished shards, tagged <c>kind</c> (generate, sample, fit).</summary>
    public static readonly Counter<long> RowsGenerated = Meter.CreateCounter<long>("synth.rows.generated", "{row}", "Rows written by shards that completed");

    /// <summary>From submission to the final status, in seconds, tagged <c>kind</c> and <c>status</c>.</summary>
    public static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>("synth.job.duration", "s", "Time from a job's submission to its final status");

    /// <summary>Records made by streams (every sink, before delivery).</summary>
    public static readonly Counter<long> StreamRecords = Meter.CreateCounter<long>("synth.stream.records", "{record}", "Records made by streams");

    /// <summary>How late a stream's batch was against its schedule, in seconds (0 when on time).</summary>
    public static readonly Histogram<double> StreamLateness = Meter.CreateHistogram<double>("synth.stream.lateness", "s", "Delay of a stream's batch behind its schedule");

    /// <summary>Privacy budget spends granted.</summary>
    public static readonly Counter<long> BudgetSpends = Meter.CreateCounter<long>("synth.budget.spends", "{spend}", "Privacy budget spends granted");

    /// <summary>ρ (zCDP) granted by spends, net of nothing: refunds are counted apart.</summary>
    public static readonly Counter<double> BudgetRhoSpent = Meter.CreateCounter<double>("synth.budget.rho", "{rho}", "zCDP rho granted by privacy budget spends");

    /// <summary>Spends refused because the budget does not allow them.</summary>
    public static readonly Counter<long> BudgetRefusals = Meter.CreateCounter<long>("synth.budget.refusals", "{spend}", "Privacy budget spends refused");

    /// <summary>Audit events written to the audit table.</summary>
    public static readonly Counter<long> AuditEvents = Meter.CreateCounter<long>("synth.audit.events", "{event}", "Audit events written");
}
