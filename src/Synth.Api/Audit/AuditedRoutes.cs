using Synth.Grains.Audit;

namespace Synth.Api.Audit;

/// <summary>
/// The endpoints whose requests the API records, keyed like the route table ("METHOD pattern"),
/// in one place. What happens inside grains (budget spends and refusals, jobs finishing) is
/// recorded there instead (docs/api.md, "Audit").
/// </summary>
internal static class AuditedRoutes
{
    public static readonly IReadOnlyDictionary<string, AuditedRoute> All = new Dictionary<string, AuditedRoute>(StringComparer.Ordinal)
    {
        ["POST /keys/"] = new(AuditActions.KeyCreated, "key"),
        ["DELETE /keys/{id}"] = new(AuditActions.KeyRevoked, "key"),
        ["POST /datasets/"] = new(AuditActions.DatasetUploaded, "dataset"),
        ["DELETE /datasets/{id}"] = new(AuditActions.DatasetDeleted, "dataset"),
        ["PUT /datasets/{id}/domain"] = new(AuditActions.DomainConfirmed, "dataset"),
        ["POST /datasets/{id}/domain/derivations"] = new(AuditActions.DomainDerivation, "dataset"),
        ["POST /datasets/{id}/fits"] = new(AuditActions.FitRequested, "dataset"),
        ["POST /models/{id}/samples"] = new(AuditActions.SampleRequested, "model"),
        ["POST /jobs/"] = new(AuditActions.JobSubmitted, "job"),
        ["POST /jobs/{id}/cancel"] = new(AuditActions.JobCancelled, "job"),
        ["DELETE /jobs/{id}"] = new(AuditActions.JobDeleted, "job"),
        ["POST /streams/"] = new(AuditActions.StreamCreated, "stream"),
        ["PATCH /streams/{id}"] = new(AuditActions.StreamUpdated, "stream"),
        ["POST /streams/{id}/pause"] = new(AuditActions.StreamPaused, "stream"),
        ["POST /streams/{id}/resume"] = new(AuditActions.StreamResumed, "stream"),
        ["POST /streams/{id}/stop"] = new(AuditActions.StreamStopped, "stream"),
    };
}
