namespace Synth.Grains.Audit;

/// <summary>
/// Who is calling, carried with every grain call of a request (Orleans' RequestContext, set by the
/// API per request), so that events recorded inside grains (a budget spend) still say who asked and from where.
/// </summary>
public static class AuditContext
{
    private const string ActorKey = "synth.actor";
    private const string RoleKey = "synth.role";
    private const string AddressKey = "synth.address";

    public static void Set(string actor, string? role, string? address)
    {
        RequestContext.Set(ActorKey, actor);
        if (role is not null) RequestContext.Set(RoleKey, role);
        if (address is not null) RequestContext.Set(AddressKey, address);
    }

    /// <summary>The caller of the current grain call, or <paramref name="fallbackActor"/> (e.g. "system") when there is none.</summary>
    public static (string Actor, string? Role, string? Address) Current(string fallbackActor) =>
        (RequestContext.Get(ActorKey) as string ?? fallbackActor, RequestContext.Get(RoleKey) as string, RequestContext.Get(AddressKey) as string);
}
