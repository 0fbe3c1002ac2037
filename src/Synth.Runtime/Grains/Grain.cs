using Synth.Runtime.Hosting;
using Synth.Runtime.Streams;

namespace Synth.Runtime.Grains;

/// <summary>
/// Base class of grain implementations. Calls, timer ticks and reminders run one at a time
/// (turns); <see cref="StartActivity"/> runs background work beside them.
/// </summary>
public abstract class Grain
{
    private GrainActivation? _activation;

    internal GrainActivation Activation
    {
        get => _activation ?? throw new InvalidOperationException("the grain is not activated yet (use OnActivateAsync, not the constructor)");
        set => _activation = value;
    }

    /// <summary>The grain's key.</summary>
    public string Key => Activation.Id.Key;

    protected IGrainFactory GrainFactory => Activation.Silo.Client;

    protected GrainStreams Streams => Activation.Silo.Client.Streams;

    /// <summary>Cancelled when this activation ends (deactivation, shutdown or loss of the lease).</summary>
    protected CancellationToken ActivationToken => Activation.Lifetime;

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A timer of this activation (not durable): each tick runs as a turn. Dispose to stop it.</summary>
    protected IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        Activation.RegisterTimer(callback, dueTime, period);

    /// <summary>A durable reminder: <see cref="IRemindable.ReceiveReminder"/> is called every <paramref name="period"/>, across restarts and failovers.</summary>
    protected Task RegisterOrUpdateReminder(string name, TimeSpan period) => Activation.RegisterReminderAsync(name, period);

    protected Task UnregisterReminder(string name) => Activation.UnregisterReminderAsync(name);

    /// <summary>
    /// Runs <paramref name="work"/> in the background while calls keep being served. The token is
    /// cancelled when the activation ends. Touch grain state only inside <see cref="InvokeInTurnAsync"/>.
    /// </summary>
    protected void StartActivity(Func<CancellationToken, Task> work) => Activation.StartActivity(work);

    /// <summary>Runs <paramref name="action"/> as a turn of this grain (from an activity or timer thread).</summary>
    protected Task InvokeInTurnAsync(Func<Task> action) => Activation.InvokeInTurnAsync(action);

    /// <summary>Asks for this activation to end after the current turn.</summary>
    protected void DeactivateOnIdle() => Activation.RequestDeactivation();
}

/// <summary>A grain with durable state of type <typeparamref name="TState"/>.</summary>
public abstract class Grain<TState> : Grain, IStatefulGrain where TState : new()
{
    /// <summary>The state as last read or written. Loaded before <see cref="Grain.OnActivateAsync"/>.</summary>
    protected TState State { get; set; } = new();

    /// <summary>Opaque version of the stored state; null while nothing is stored.</summary>
    protected string? ETag { get; private set; }

    protected Task ReadStateAsync() => Activation.ReadStateAsync(this);

    /// <summary>
    /// Persists <see cref="State"/>, fenced by this activation's lease epoch and the ETag. Inside a
    /// call, the write commits together with the call's completion (before the caller sees the reply).
    /// </summary>
    protected Task WriteStateAsync() => Activation.WriteStateAsync(this);

    protected Task ClearStateAsync()
    {
        State = new TState();
        return WriteStateAsync();
    }

    Type IStatefulGrain.StateType => typeof(TState);

    object IStatefulGrain.State
    {
        get => State!;
        set => State = (TState)value;
    }

    string? IStatefulGrain.ETag
    {
        get => ETag;
        set => ETag = value;
    }
}

/// <summary>How the runtime reaches a <see cref="Grain{TState}"/>'s state without knowing TState.</summary>
internal interface IStatefulGrain
{
    Type StateType { get; }

    object State { get; set; }

    string? ETag { get; set; }
}
