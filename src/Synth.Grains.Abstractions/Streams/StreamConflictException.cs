namespace Synth.Grains.Streams;

/// <summary>Thrown when a command conflicts with the stream's state, e.g. resuming a stopped stream (HTTP 409).</summary>
[GenerateSerializer, Alias("synth.streams.StreamConflictException")]
public sealed class StreamConflictException(string message) : Exception(message);
