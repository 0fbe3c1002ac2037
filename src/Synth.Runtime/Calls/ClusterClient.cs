using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Synth.Runtime.Grains;
using Synth.Runtime.Storage;
using Synth.Runtime.Streams;

namespace Synth.Runtime.Calls;

/// <summary>
/// Sends grain calls: store the call in the grain's inbox (from then on it is never lost),
/// make sure a live silo holds the grain's lease (placing it if needed), ring that silo, and
/// wait for the reply bell — re-checking every second, so a reply is found and a dead owner
/// replaced even when a notification is missed. Used by silos (grain-to-grain calls) and by
/// plain clients such as the API.
/// </summary>
public sealed partial class ClusterClient : IGrainFactory, IAsyncDisposable
{
    private static readonly TimeSpan RecheckPeriod = TimeSpan.FromSeconds(1);

    private readonly IClusterStore _store;
    private readonly GrainTypeRegistry _types;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<CallReply?>> _waiting = new();

    // Where each grain was last seen. Trusted while its owner is Active in the membership view;
    // a stale entry costs at most one re-check period, since the re-check reads the store.
    private readonly ConcurrentDictionary<GrainId, Lease> _leases = new();
    private IAsyncDisposable? _replyListener;
    private IAsyncDisposable? _membershipListener;

    public ClusterClient(IClusterStore store, GrainTypeRegistry types, ILogger? logger = null)
    {
        _store = store;
        _types = types;
        _logger = logger ?? NullLogger.Instance;
        Membership = new MembershipView(store);
        Streams = new GrainStreams(store);
    }

    public string ClientId { get; } = SignalChannels.NewId();

    public MembershipView Membership { get; }

    public GrainStreams Streams { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _replyListener = await _store.ListenAsync(SignalChannels.Replies(ClientId), OnReplyBell, cancellationToken).ConfigureAwait(false);
        // Without this, a silo that joins is invisible to placement until the next periodic re-read.
        _membershipListener = await _store.ListenAsync(SignalChannels.Membership, OnMembershipBell, cancellationToken).ConfigureAwait(false);
        await Streams.StartAsync(cancellationToken).ConfigureAwait(false);
        await Membership.RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    public TGrain Get<TGrain>(string key, GrainCallOptions? options = null) where TGrain : IGrain =>
        GrainProxy.Create<TGrain>(this, _types.Get(typeof(TGrain)), key, options ?? new GrainCallOptions());

    internal async Task<byte[]?> CallAsync(GrainId grain, GrainType type, GrainMethod method, object?[]? args, GrainCallOptions options)
    {
        var cancellation = method.CancellationOf(args);
        cancellation.ThrowIfCancellationRequested();
        var tags = type.RequiredTags.Concat(options.RequiredTags).Distinct(StringComparer.Ordinal).ToArray();
        var deadline = DateTimeOffset.UtcNow + options.Timeout;
        // Place before accepting: a call no silo can ever host fails now, not after its timeout.
        var lease = _leases.TryGetValue(grain, out var known) && Membership.IsActive(known.SiloId)
            ? known
            : await EnsureLeaseAsync(grain, tags, CancellationToken.None).ConfigureAwait(false);
        var call = new GrainCall(Guid.NewGuid(), grain, method.WireName, method.SerializeArguments(args), SignalChannels.Replies(ClientId), tags, deadline);
        var bell = new TaskCompletionSource<CallReply?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[call.CallId] = bell;
        try
        {
            await _store.EnqueueCallAsync(call, CancellationToken.None, ring: SignalChannels.Silo(lease.SiloId)).ConfigureAwait(false);
            var reply = await AwaitReplyAsync(call, lease, bell, options.Timeout, cancellation).ConfigureAwait(false);
            if (!reply.Succeeded) throw new GrainCallException(grain.ToString(), method.Method.Name, reply.ErrorType ?? "Exception", reply.ErrorMessage ?? "");
            return reply.Result;
        }
        finally
        {
            _waiting.TryRemove(call.CallId, out _);
        }
    }

    private async Task<CallReply> AwaitReplyAsync(GrainCall call, Lease lease, TaskCompletionSource<CallReply?> bell, TimeSpan timeout, CancellationToken cancellation)
    {
        while (true)
        {
            var remaining = call.Deadline - DateTimeOffset.UtcNow;
            if (remaining > TimeSpan.Zero)
            {
                await Task.WhenAny(bell.Task, Task.Delay(remaining < RecheckPeriod ? remaining : RecheckPeriod, cancellation)).ConfigureAwait(false);
                // The call stays accepted (it is durable); cancelling only stops this caller waiting.
                cancellation.ThrowIfCancellationRequested();
            }
            // The bell usually carries the reply; otherwise (too large, or no bell yet) read it.
            if (bell.Task.IsCompletedSuccessfully && bell.Task.Result is { } rung) return rung;
            var reply = await _store.GetReplyAsync(call.CallId, CancellationToken.None).ConfigureAwait(false);
            if (reply is not null) return reply;
            if (DateTimeOffset.UtcNow >= call.Deadline)
            {
                throw new GrainCallTimeoutException(call.Target.ToString(), call.Method, timeout);
            }
            if (bell.Task.IsCompleted)
            {
                continue;
            }
            // No reply yet: if the owner died, place the grain elsewhere and ring the new owner.
            var current = await EnsureLeaseAsync(call.Target, call.RequiredTags, CancellationToken.None).ConfigureAwait(false);
            if (current.SiloId != lease.SiloId || current.Epoch != lease.Epoch)
            {
                LogReplaced(_logger, call.Target.ToString(), lease.SiloId, current.SiloId);
                lease = current;
            }
            await _store.NotifyAsync(SignalChannels.Silo(lease.SiloId), call.Target.ToString(), CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The grain's lease, held by an Active silo: the current one, or a new one on the silo placement chooses.</summary>
    internal async Task<Lease> EnsureLeaseAsync(GrainId grain, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        var lease = await _store.GetLeaseAsync(grain, cancellationToken).ConfigureAwait(false);
        var silos = await Membership.GetAsync(RecheckPeriod, cancellationToken).ConfigureAwait(false);
        if (lease is not null && Membership.IsActive(lease.SiloId)) return _leases[grain] = lease;
        if (lease is not null)
        {
            // The view may be stale about the owner: read it again before moving the grain.
            silos = await Membership.RefreshAsync(cancellationToken).ConfigureAwait(false);
            if (Membership.IsActive(lease.SiloId)) return _leases[grain] = lease;
        }
        SiloRecord target;
        try
        {
            target = PlacementDirector.Choose(grain, silos, tags);
        }
        catch (NoEligibleSiloException)
        {
            // The view may predate the silo that has the tags: decide on a fresh read only.
            target = PlacementDirector.Choose(grain, await Membership.RefreshAsync(cancellationToken).ConfigureAwait(false), tags);
        }
        return _leases[grain] = await _store.AcquireLeaseAsync(grain, target.SiloId, cancellationToken).ConfigureAwait(false);
    }

    private void OnMembershipBell(string payload) => _ = RefreshMembershipQuietlyAsync();

    private async Task RefreshMembershipQuietlyAsync()
    {
        try
        {
            await Membership.RefreshAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogMembershipRefreshFailed(_logger, e);
        }
    }

    private void OnReplyBell(string payload)
    {
        if (ReplyBell.TryDecode(payload, out var callId, out var reply) && _waiting.TryGetValue(callId, out var bell)) bell.TrySetResult(reply);
    }

    public async ValueTask DisposeAsync()
    {
        if (_replyListener is not null) await _replyListener.DisposeAsync().ConfigureAwait(false);
        if (_membershipListener is not null) await _membershipListener.DisposeAsync().ConfigureAwait(false);
        await Streams.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not re-read the membership table; the periodic re-read will catch up")]
    private static partial void LogMembershipRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "grain {Grain} moved from dead silo {From} to {To}")]
    private static partial void LogReplaced(ILogger logger, string grain, string from, string to);
}
