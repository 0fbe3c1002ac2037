using System.Threading.Channels;

namespace Synth.Api.Progress;

/// <summary>
/// One connection listening to one job: its own queue and its own sender, so a slow connection
/// only ever delays itself. It is given each event after <see cref="After"/> once, in order.
/// </summary>
internal sealed class ProgressListener(string connectionId, long after)
{
    public string ConnectionId { get; } = connectionId;

    /// <summary>The sequence of the last event queued for this listener (or the one it joined after).</summary>
    public long After { get; set; } = after;

    public Channel<ProgressMessage> Queue { get; } = Channel.CreateUnbounded<ProgressMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    public Task Sender { get; set; } = Task.CompletedTask;

    /// <summary>Queues the event if it is after what the listener has; under the feed's lock.</summary>
    public void Offer(ProgressMessage message)
    {
        if (message.Sequence <= After) return;
        After = message.Sequence;
        Queue.Writer.TryWrite(message);
    }
}
