namespace Synth.Api.Audit;

/// <summary>What a request to one endpoint is recorded as: the action, and the kind of resource it acts on.</summary>
/// <param name="Kind">The resource's kind ("job", "dataset", …): its id is the route's <c>{id}</c>, or for a creation the last segment of the answer's Location.</param>
internal sealed record AuditedRoute(string Action, string Kind);
