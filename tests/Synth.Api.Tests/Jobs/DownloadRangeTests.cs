using System.Net;
using System.Net.Http.Headers;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Jobs;

/// <summary>Byte ranges of a download (RFC 9110 §14), across the parts a file is assembled from.</summary>
public sealed class DownloadRangeTests(SynthApiFactory factory) : IClassFixture<SynthApiFactory>, IAsyncLifetime
{
    private const long Rows = 40_000;
    private readonly HttpClient _client = factory.CreateClient();
    private readonly byte[] _whole = Reference.Generate(TestSchemas.Seed, Rows, "csv");
    private string _url = null!;

    public async Task InitializeAsync()
    {
        // Three shards: ranges below cross from the header into the first part and between parts.
        var job = await TestSupport.Jobs.RunToSuccessAsync(_client, new { schemaText = TestSchemas.Seed, rows = Rows, shardRows = 16_384 });
        _url = $"/jobs/{job.GetProperty("id").GetString()}/download";
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(0L, 99L)]
    [InlineData(10L, 2_000_000L)]
    [InlineData(500_000L, 700_000L)]
    public async Task A_byte_range_is_a_206_with_exactly_those_bytes(long from, long to)
    {
        var response = await GetAsync(new RangeHeaderValue(from, to));

        response.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        var last = Math.Min(to, _whole.Length - 1);
        var body = await response.Content.ReadAsByteArrayAsync();
        body.Should().Equal(_whole[(int)from..(int)(last + 1)]);
        response.Content.Headers.ContentLength.Should().Be(last - from + 1);
        response.Content.Headers.ContentRange!.ToString().Should().Be($"bytes {from}-{last}/{_whole.Length}");
    }

    [Fact]
    public async Task An_open_range_runs_to_the_end_and_a_suffix_range_is_the_last_bytes()
    {
        var open = await GetAsync(new RangeHeaderValue(_whole.Length - 10, null));
        var suffix = await GetAsync(new RangeHeaderValue(null, 25));

        (await open.Content.ReadAsByteArrayAsync()).Should().Equal(_whole[^10..]);
        (await suffix.Content.ReadAsByteArrayAsync()).Should().Equal(_whole[^25..]);
        suffix.Content.Headers.ContentRange!.ToString().Should().Be($"bytes {_whole.Length - 25}-{_whole.Length - 1}/{_whole.Length}");
    }

    [Fact]
    public async Task A_range_past_the_end_is_a_416_problem_with_the_length()
    {
        var response = await GetAsync(new RangeHeaderValue(_whole.Length, null));

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestedRangeNotSatisfiable);
        response.Content.Headers.ContentRange!.ToString().Should().Be($"bytes */{_whole.Length}");
    }

    [Fact]
    public async Task Several_ranges_are_answered_with_the_whole_file()
    {
        var ranges = new RangeHeaderValue();
        ranges.Ranges.Add(new RangeItemHeaderValue(0, 9));
        ranges.Ranges.Add(new RangeItemHeaderValue(20, 29));

        var response = await GetAsync(ranges);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(_whole);
    }

    [Fact]
    public async Task If_Range_with_the_files_ETag_resumes_and_with_another_gets_the_whole_file()
    {
        var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, _url));
        var etag = head.Headers.ETag!;

        var resumed = new HttpRequestMessage(HttpMethod.Get, _url) { Headers = { Range = new RangeHeaderValue(100, null), IfRange = new RangeConditionHeaderValue(etag) } };
        var stale = new HttpRequestMessage(HttpMethod.Get, _url) { Headers = { Range = new RangeHeaderValue(100, null), IfRange = new RangeConditionHeaderValue("\"other\"") } };

        (await _client.SendAsync(resumed)).StatusCode.Should().Be(HttpStatusCode.PartialContent);
        var whole = await _client.SendAsync(stale);
        whole.StatusCode.Should().Be(HttpStatusCode.OK);
        (await whole.Content.ReadAsByteArrayAsync()).Should().HaveCount(_whole.Length);
    }

    [Fact]
    public async Task HEAD_gives_the_headers_without_the_body()
    {
        var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, _url));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.Should().Be(_whole.Length);
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    private Task<HttpResponseMessage> GetAsync(RangeHeaderValue range) =>
        _client.SendAsync(new HttpRequestMessage(HttpMethod.Get, _url) { Headers = { Range = range } });
}
