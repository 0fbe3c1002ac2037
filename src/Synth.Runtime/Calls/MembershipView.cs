using Synth.Runtime.Storage;

namespace Synth.Runtime.Calls;

/// <summary>
/// The membership table as last read, refreshed in the background (default every second) and
/// on demand, so placement and failover checks do not query the database on every call.
/// </summary>
public sealed class MembershipView(IClusterStore store)
{
    private volatile IReadOnlyList<SiloRecord> _silos = [];
    private long _readAt = long.MinValue;

    public IReadOnlyList<SiloRecord> Silos => _silos;

    public async Task<IReadOnlyList<SiloRecord>> RefreshAsync(CancellationToken cancellationToken)
    {
        _silos = await store.GetSilosAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref _readAt, Environment.TickCount64);
        return _silos;
    }

    /// <summary>The view, re-read when older than <paramref name="maxAge"/>.</summary>
    public async Task<IReadOnlyList<SiloRecord>> GetAsync(TimeSpan maxAge, CancellationToken cancellationToken) =>
        Environment.TickCount64 - Interlocked.Read(ref _readAt) > maxAge.TotalMilliseconds ? await RefreshAsync(cancellationToken).ConfigureAwait(false) : _silos;

    public bool IsActive(string siloId)
    {
        foreach (var s in _silos)
        {
            if (s.SiloId == siloId) return s.Status == SiloStatus.Active;
        }
        return false;
    }
}
