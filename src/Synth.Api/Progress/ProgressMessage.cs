using Synth.Grains.Jobs;

namespace Synth.Api.Progress;

/// <summary>A progress event as the hub sends it: the stream sequence (pass the last one to <c>Join</c> after a reconnect) and the event.</summary>
public sealed record ProgressMessage(long Sequence, JobProgressEvent Event);
