using Synth.Runtime.Grains;

namespace Synth.Runtime.TestHost.Grains;

/// <summary>A grain with a long-running activity, like a job's coordinator or a stream's generator.</summary>
public interface IWorkerGrain : IGrain
{
    Task Start();

    Task<long> Progress();

    Task Cancel();

    Task<bool> IsRunning();

    /// <summary>Takes longer than any reasonable timeout. The token is the caller's on the client side, the activation's lifetime in the grain.</summary>
    Task Hang(CancellationToken cancellation = default);

    /// <summary>Starts an in-activation timer that counts its ticks.</summary>
    Task StartTimer(int periodMilliseconds);

    Task<long> TimerTicks();

    Task Fail(string message);
}

public sealed class WorkerGrain : Grain, IWorkerGrain
{
    private long _progress;
    private CancellationTokenSource? _work;

    public Task Start()
    {
        _work = CancellationTokenSource.CreateLinkedTokenSource(ActivationToken);
        var token = _work.Token;
        StartActivity(async _ =>
        {
            while (!token.IsCancellationRequested)
            {
                // Busy work off the turn; progress is published through a turn.
                Thread.SpinWait(10_000);
                await InvokeInTurnAsync(() =>
                {
                    _progress++;
                    return Task.CompletedTask;
                });
                await Task.Delay(1, token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
        return Task.CompletedTask;
    }

    public Task<long> Progress() => Task.FromResult(_progress);

    public Task Cancel()
    {
        _work?.Cancel();
        return Task.CompletedTask;
    }

    public Task<bool> IsRunning() => Task.FromResult(_work is { IsCancellationRequested: false });

    private long _timerTicks;

    public Task Hang(CancellationToken cancellation = default) => Task.Delay(Timeout.Infinite, cancellation);

    public Task StartTimer(int periodMilliseconds)
    {
        RegisterTimer(_ =>
        {
            _timerTicks++;
            return Task.CompletedTask;
        }, TimeSpan.FromMilliseconds(periodMilliseconds), TimeSpan.FromMilliseconds(periodMilliseconds));
        return Task.CompletedTask;
    }

    public Task<long> TimerTicks() => Task.FromResult(_timerTicks);

    public Task Fail(string message) => throw new InvalidOperationException(message);
}
