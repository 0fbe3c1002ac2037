namespace Synth.Grains.Jobs;

/// <summary>
/// A shard failed because of the job's own input (data that does not fit its domain, a file
/// that does not parse): every retry would fail the same way, so the job fails at once with
/// the cause instead of after its bounded retries.
/// </summary>
public sealed class JobInputException(string message, Exception? inner = null) : Exception(message, inner);
