namespace Synth.Grains.Audit;

/// <summary>The actions the audit log records (docs/api.md, "Audit").</summary>
public static class AuditActions
{
    public const string SignInRefused = "signin.refused";
    public const string AccessDenied = "access.denied";
    public const string KeyCreated = "key.created";
    public const string KeyRevoked = "key.revoked";
    public const string DatasetUploaded = "dataset.uploaded";
    public const string DatasetDeleted = "dataset.deleted";
    public const string DomainConfirmed = "dataset.domain.confirmed";
    public const string DomainDerivation = "dataset.domain.derivation";
    public const string FitRequested = "model.fit.requested";
    public const string SampleRequested = "model.sample.requested";
    public const string BudgetSpent = "budget.spent";
    public const string BudgetRefused = "budget.refused";
    public const string JobSubmitted = "job.submitted";
    public const string JobCancelled = "job.cancelled";
    public const string JobDeleted = "job.deleted";
    public const string JobSucceeded = "job.succeeded";
    public const string JobFailed = "job.failed";
    public const string StreamCreated = "stream.created";
    public const string StreamUpdated = "stream.updated";
    public const string StreamPaused = "stream.paused";
    public const string StreamResumed = "stream.resumed";
    public const string StreamStopped = "stream.stopped";
}
