namespace Synth.Storage.Sinks;

/// <summary>A sink whose destination did not take a batch; the message names the sink's kind and the cause.</summary>
public sealed class SinkException(string message, Exception? inner = null) : Exception(message, inner);
