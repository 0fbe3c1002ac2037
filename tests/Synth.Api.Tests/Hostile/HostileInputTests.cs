using System.Net;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Hostile;

/// <summary>
/// The fuzz suite: every request of <see cref="HostileRequests"/> against one real <c>synth serve</c>.
/// Each must get an answer below 500 (a refusal as problem+json, naming the limit where the case
/// says which), the server must stay up and answer a health check, and its peak resident memory
/// must stay under 1 GiB throughout.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileInputTests(HostileServerFixture server) : IClassFixture<HostileServerFixture>
{
    private const long MemoryCeiling = 1L << 30;

    public static IEnumerable<object[]> Cases() => HostileRequests.Names();

    [Fact]
    public void The_catalogue_holds_at_least_300_hostile_requests() => HostileRequests.All.Count.Should().BeGreaterThanOrEqualTo(300);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_request_is_refused_cleanly_and_the_server_stays_up_within_1_GiB(string name)
    {
        var hostile = HostileRequests.All[name];
        using var request = new HttpRequestMessage(hostile.Method, Resolve(hostile.Path));
        if (hostile.Body is not null)
        {
            request.Content = new ByteArrayContent(hostile.Body());
            request.Content.Headers.ContentType = null;
            // Unvalidated: some cases send a Content-Type that does not parse, as a hostile client would.
            if (hostile.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
        }
        foreach (var (header, value) in hostile.Headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(header, value);

        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await ReadSomeAsync(response);

        ((int)response.StatusCode).Should().BeLessThan(500, $"{name} got {(int)response.StatusCode}: {body}");
        if ((int)response.StatusCode >= 400 && body.Length > 0)
        {
            response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", body);
        }
        if (hostile.Expect is not null) body.Should().Contain(hostile.Expect, $"the refusal should name what {name} broke");

        server.Server.Process.HasExited.Should().BeFalse($"the server died on {name}: {server.Server.Errors}");
        (await server.Client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK, $"the server should still answer after {name}");
        server.PeakResidentBytes().Should().BeLessThan(MemoryCeiling, $"the server's memory after {name}");
    }

    private string Resolve(string path)
    {
        foreach (var (placeholder, id) in server.Ids) path = path.Replace(placeholder, id, StringComparison.Ordinal);
        return path;
    }

    /// <summary>At most 64 KiB of the answer: enough to judge it, and an event stream never ends.</summary>
    private static async Task<string> ReadSomeAsync(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream") return "";
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        var total = 0;
        int n;
        while (total < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(total))) > 0) total += n;
        return System.Text.Encoding.UTF8.GetString(buffer, 0, total);
    }
}
