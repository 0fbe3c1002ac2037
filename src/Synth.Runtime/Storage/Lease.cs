namespace Synth.Runtime.Storage;

/// <summary>
/// Who hosts a grain's single activation. <see cref="Epoch"/> grows by one at every change of
/// owner and is the fencing token of the owner's state writes.
/// </summary>
public sealed record Lease(GrainId Grain, string SiloId, long Epoch);
