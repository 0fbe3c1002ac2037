namespace Synth.Grains.Access;

/// <summary>
/// One user's turn to create something a quota limits (key: the user's usage key, see the API's
/// Caller). The API checks the quota and creates the job, stream or dataset while it holds the turn,
/// so that requests sent at once are each checked against those admitted before them, not all
/// against the same count. A turn not left within <see cref="Lease"/> (its API process died) lapses.
/// </summary>
[Alias("synth.access.IQuotaTurnGrain")]
public interface IQuotaTurnGrain : IGrainWithStringKey
{
    /// <summary>How long a turn lasts at most: a check and a creation take milliseconds.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    /// <summary>Waits until nobody holds the turn, takes it and returns its ticket.</summary>
    [Alias("Take")]
    Task<Guid> TakeAsync();

    /// <summary>Gives the turn back (a ticket whose turn lapsed gives back nothing).</summary>
    [Alias("Leave")]
    Task LeaveAsync(Guid ticket);
}
