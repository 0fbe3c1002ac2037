using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Synth.Runtime.Calls;
using Synth.Runtime.Storage;

namespace Synth.Runtime.Streams;

/// <summary>
/// Grain streams: append-only, sequence-numbered events per stream id (job progress, stream
/// samples, budget changes). A subscriber starts after any sequence number it already has, so
/// one that reconnects gets exactly what it missed. New events ring a bell; subscribers also
/// re-read every second, so a lost notification only delays, never drops, an event.
/// </summary>
public sealed class GrainStreams(IClusterStore store) : IAsyncDisposable
{
    private static readonly TimeSpan RecheckPeriod = TimeSpan.FromSeconds(1);
    private const int PageSize = 256;

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _bells = new(StringComparer.Ordinal);
    private IAsyncDisposable? _listener;

    internal async Task StartAsync(CancellationToken cancellationToken) =>
        _listener = await store.ListenAsync(SignalChannels.Streams, Ring, cancellationToken).ConfigureAwait(false);

    /// <summary>Appends an event and returns its sequence number (1, 2, 3, … per stream, no gaps).</summary>
    public async Task<long> AppendAsync(string streamId, byte[] payload, CancellationToken cancellationToken = default)
    {
        var sequence = await store.AppendEventAsync(streamId, payload, cancellationToken).ConfigureAwait(false);
        await store.NotifyAsync(SignalChannels.Streams, streamId, cancellationToken).ConfigureAwait(false);
        return sequence;
    }

    /// <summary>Every event after <paramref name="afterSequence"/> (0 = from the start), in order, then new ones as they come, until cancelled.</summary>
    public async IAsyncEnumerable<StreamEvent> SubscribeAsync(string streamId, long afterSequence = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            // Take the bell before reading, so an event appended after the read still wakes us.
            var bell = _bells.GetOrAdd(streamId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            var events = await store.ReadEventsAsync(streamId, afterSequence, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var e in events)
            {
                yield return e;
                afterSequence = e.Sequence;
            }
            if (events.Count == PageSize) continue;
            try
            {
                await bell.Task.WaitAsync(RecheckPeriod, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    private void Ring(string streamId)
    {
        if (_bells.TryRemove(streamId, out var bell)) bell.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (_listener is not null) await _listener.DisposeAsync().ConfigureAwait(false);
    }
}
