using System.Security.Claims;
using Synth.Grains.Access;

namespace Synth.Api.Access;

/// <summary>
/// Who calls, as the ownership rules need it: a user sees and touches only what they own (anything
/// else is answered as if it did not exist); an admin sees everything. In mode none the caller is
/// the anonymous admin, whose <see cref="UserId"/> is null: what it creates has no owner.
/// </summary>
public sealed record Caller(string? UserId, bool IsAdmin)
{
    public static Caller Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var admin = user.IsInRole(SynthRoles.Admin);
        // A user always has a name (the handlers see to it); "" would own nothing, never everything.
        return new Caller(user.Identity?.Name ?? (admin ? null : ""), admin);
    }

    public static Caller Of(HttpContext context) => Of(context.User);

    /// <summary>Whether the caller may see a resource of <paramref name="owner"/>.</summary>
    public bool CanSee(string? owner) => IsAdmin || (owner is not null && string.Equals(owner, UserId, StringComparison.Ordinal));

    /// <summary>
    /// The requester to hand a grain that checks ownership itself: an admin acts for the resource's
    /// owner, a user as themselves.
    /// </summary>
    public string? ActingFor(string? owner) => IsAdmin ? owner : UserId;

    /// <summary>The owner a listing is limited to: none for an admin, the caller otherwise.</summary>
    public string? ListingOwner => IsAdmin ? null : UserId;

    /// <summary>Whether quotas apply: to users, not to admins (nor the anonymous admin of mode none).</summary>
    public bool HasQuotas => !IsAdmin;

    /// <summary>The key of this caller's own records (usage, datasets): the user id, or "-" for the anonymous admin.</summary>
    public string UsageKey => UsageKeyOf(UserId);

    /// <summary>The key of the records of what <paramref name="owner"/> owns.</summary>
    public static string UsageKeyOf(string? owner) => owner is null ? "-" : "u:" + owner;
}
