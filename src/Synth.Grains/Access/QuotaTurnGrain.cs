using Orleans.Concurrency;

namespace Synth.Grains.Access;

/// <summary>
/// Held in memory only: after a silo failure the user's next request finds the turn free, as it would
/// once the lease lapsed. Reentrant, so that takers wait inside the grain while the holder leaves.
/// </summary>
[Reentrant]
internal sealed class QuotaTurnGrain : Grain, IQuotaTurnGrain
{
    private Guid _holder; // Guid.Empty: nobody
    private DateTimeOffset _lapsesAt;
    private TaskCompletionSource? _left; // completed when the holder leaves

    public async Task<Guid> TakeAsync()
    {
        while (_holder != Guid.Empty && _lapsesAt - DateTimeOffset.UtcNow is { Ticks: > 0 } left)
        {
            _left ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await Task.WhenAny(_left.Task, Task.Delay(left));
        }
        _holder = Guid.NewGuid();
        _lapsesAt = DateTimeOffset.UtcNow + IQuotaTurnGrain.Lease;
        return _holder;
    }

    public Task LeaveAsync(Guid ticket)
    {
        if (ticket != _holder) return Task.CompletedTask;
        _holder = Guid.Empty;
        var left = _left;
        _left = null;
        left?.SetResult();
        return Task.CompletedTask;
    }
}
