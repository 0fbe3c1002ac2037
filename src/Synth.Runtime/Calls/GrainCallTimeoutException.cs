namespace Synth.Runtime.Calls;

/// <summary>A call got no reply within its timeout. The call may still run later (it is durable); retry with the same intent only if it is idempotent.</summary>
public sealed class GrainCallTimeoutException(string grain, string method, TimeSpan timeout)
    : TimeoutException($"call {grain}.{method} got no reply within {timeout.TotalSeconds:0.#} s");
