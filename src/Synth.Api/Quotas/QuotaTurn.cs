using Synth.Grains.Access;

namespace Synth.Api.Quotas;

/// <summary>
/// A user's turn to check a quota and create what it limits (<see cref="IQuotaTurnGrain"/>): taken
/// before the check, given back once the job, stream or dataset exists (or was refused).
/// </summary>
internal sealed class QuotaTurn : IAsyncDisposable
{
    /// <summary>For callers without quotas: nothing to wait for.</summary>
    public static readonly QuotaTurn None = new(null, Guid.Empty);

    private readonly IQuotaTurnGrain? _grain;
    private readonly Guid _ticket;

    private QuotaTurn(IQuotaTurnGrain? grain, Guid ticket) => (_grain, _ticket) = (grain, ticket);

    public static async Task<QuotaTurn> TakeAsync(IQuotaTurnGrain grain) => new(grain, await grain.TakeAsync());

    public async ValueTask DisposeAsync()
    {
        if (_grain is not null) await _grain.LeaveAsync(_ticket);
    }
}
