namespace Synth.Grains.Audit;

/// <summary>An event could not be kept (the queue stayed full and the database did not take it): the request that caused it fails (503) instead of going unrecorded.</summary>
[GenerateSerializer, Alias("synth.audit.AuditUnavailableException")]
public sealed class AuditUnavailableException(string message) : Exception(message);
