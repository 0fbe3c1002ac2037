using System.Threading.Channels;

namespace Synth.Runtime.Storage.Postgres;

/// <summary>
/// Group commit: requests of one kind that arrive while the server is busy are sent together,
/// as one batch in one transaction: one round trip and one commit for many grain calls, instead
/// of one each. Idle, a request goes out alone at once, so nothing waits for company.
/// A batch that fails (one bad request fails its whole transaction) is retried request by
/// request, so each caller gets its own outcome.
/// </summary>
internal sealed class GroupCommit<TRequest, TResult> : IAsyncDisposable
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private readonly Func<IReadOnlyList<TRequest>, Task<TResult[]>> _runBatch;
    private readonly Func<TRequest, Task<TResult>> _runOne;
    private readonly int _maxBatch;
    private readonly Task[] _senders;

    /// <param name="runBatch">Runs requests as one transaction; returns their results in order, or throws.</param>
    /// <param name="runOne">Runs one request alone.</param>
    /// <param name="maxBatch">Most requests per batch.</param>
    /// <param name="senders">Batches in flight at once (each holds one connection while it runs).</param>
    public GroupCommit(Func<IReadOnlyList<TRequest>, Task<TResult[]>> runBatch, Func<TRequest, Task<TResult>> runOne, int maxBatch, int senders)
    {
        _runBatch = runBatch;
        _runOne = runOne;
        _maxBatch = maxBatch;
        _senders = new Task[senders];
        for (var i = 0; i < senders; i++) _senders[i] = Task.Run(SendAsync);
    }

    /// <summary>Queues the request; completes when it has run. Cancelling stops the wait, not the request.</summary>
    public Task<TResult> RunAsync(TRequest request, CancellationToken cancellationToken)
    {
        var pending = new Pending(request, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(PostgresClusterStore));
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task SendAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        var requests = new List<TRequest>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
            if (batch.Count == 1)
            {
                await RunAloneAsync(batch[0]).ConfigureAwait(false);
                continue;
            }
            if (batch.Count == 0) continue;
            requests.Clear();
            foreach (var pending in batch) requests.Add(pending.Request);
            TResult[] results;
            try
            {
                results = await _runBatch(requests).ConfigureAwait(false);
            }
            catch (Exception)
            {
                foreach (var pending in batch) await RunAloneAsync(pending).ConfigureAwait(false);
                continue;
            }
            for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
        }
    }

    private async Task RunAloneAsync(Pending pending)
    {
        try
        {
            pending.Done.TrySetResult(await _runOne(pending.Request).ConfigureAwait(false));
        }
        catch (Exception e)
        {
            pending.Done.TrySetException(e);
        }
    }

    /// <summary>Runs what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_senders).ConfigureAwait(false);
    }

    private sealed record Pending(TRequest Request, TaskCompletionSource<TResult> Done);
}
