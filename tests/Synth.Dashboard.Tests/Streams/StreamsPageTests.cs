using System.Globalization;
using Microsoft.Playwright;
using Synth.Dashboard.Tests.TestSupport;

namespace Synth.Dashboard.Tests.Streams;

/// <summary>A stream watched from the page: its rate chart moves, drift is marked, records arrive, and a rate set on the page takes effect.</summary>
[Collection(DashboardCollection.Name)]
[Trait("Category", "Integration")]
public sealed class StreamsPageTests(DashboardFixture fixture)
{
    private const string Schema = """{"id": {"type": "int", "min": 1, "max": 1000000}, "income": {"type": "float", "mean": 50000, "std": 20000}}""";

    private static double Attribute(string? value) => double.Parse(value!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_rate_chart_moves_drift_is_marked_and_a_rate_changed_on_the_page_takes_effect()
    {
        var stream = await fixture.PostJsonAsync("/streams", new { schemaText = Schema, rate = 50, driftPlan = "events:\n  - {kind: sudden, at: 100, fields: {income: {mean: 90000}}}\n", name = "watched" });
        var id = stream.GetProperty("id").GetString()!;
        try
        {
            var page = await fixture.NewPageAsync();
            await page.GotoAsync($"/ui/streams/{id}");

            var chart = page.Locator(".stream-rate-chart");
            await page.WaitForFunctionAsync("() => Number(document.querySelector('.stream-rate-chart').dataset.points) >= 3 && Number(document.querySelector('.stream-rate-chart').dataset.lastRate) > 0");
            await Assertions.Expect(chart).Not.ToHaveAttributeAsync("data-drifts", "0", new() { Timeout = 30_000 });
            await Assertions.Expect(page.Locator("#stream-sample tbody tr").First).Not.ToContainTextAsync("Waiting");
            // Sink health as GET /streams/{id} reports it: the default files sink, healthy.
            var sinks = (await fixture.GetJsonAsync($"/streams/{id}")).GetProperty("sinks");
            var sink = page.Locator($"tr[data-sink='{sinks[0].GetProperty("name").GetString()}']");
            await Assertions.Expect(sink).ToContainTextAsync("healthy");

            await page.FillAsync("#stream-new-rate", "400");
            await page.GetByRole(AriaRole.Button, new() { Name = "Set rate" }).ClickAsync();

            await Assertions.Expect(page.Locator("#stream-rate-now")).ToHaveTextAsync("400 records/s");
            (await fixture.GetJsonAsync($"/streams/{id}")).GetProperty("rate").GetDouble().Should().Be(400);
            // The measured rate follows: well above the old 50/s within a few polls.
            await page.WaitForFunctionAsync("() => Number(document.querySelector('.stream-rate-chart').dataset.lastRate) > 200", null, new() { Timeout = 30_000 });
            Attribute(await chart.GetAttributeAsync("data-last-rate")).Should().BeGreaterThan(200);
            await DashboardFixture.ScreenshotAsync(page, "stream-live");

            await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
            await Assertions.Expect(page.Locator("#stream-status")).ToHaveTextAsync("Paused");
        }
        finally
        {
            await fixture.Api.PostAsync($"/streams/{id}/stop", null);
        }
    }

    [Fact]
    public async Task A_stream_made_on_the_page_gets_the_sinks_it_lists_and_a_bad_sink_is_named_once()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/ui/streams");
        await page.FillAsync("#stream-rate", "20");
        await page.FillAsync("#stream-plan", "");

        await page.FillAsync("#stream-sinks", """[{"kind": "webhook", "url": "ftp://nowhere"}]""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start stream" }).ClickAsync();
        var problem = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(problem).ToContainTextAsync("422 The stream definition cannot be used.");
        await Assertions.Expect(problem).ToContainTextAsync("sinks[0].url: must be an absolute http or https URL");
        (await problem.InnerTextAsync()).Split("must be an absolute").Should().HaveCount(2, "each problem is said once");
        await page.FillAsync("#stream-sinks", "[{kind: discard}]");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start stream" }).ClickAsync();
        await Assertions.Expect(problem).ToContainTextAsync("sinks: not valid JSON");

        await page.FillAsync("#stream-sinks", """[{"kind": "discard"}, {"kind": "files", "name": "archive"}]""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start stream" }).ClickAsync();

        await page.WaitForURLAsync("**/ui/streams/s*");
        var id = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        try
        {
            await Assertions.Expect(page.Locator("tr[data-sink='discard']")).ToContainTextAsync("healthy");
            await Assertions.Expect(page.Locator("tr[data-sink='archive']")).ToBeVisibleAsync();
            var sinks = (await fixture.GetJsonAsync($"/streams/{id}")).GetProperty("spec").GetProperty("sinks");
            sinks.EnumerateArray().Select(s => s.GetProperty("kind").GetString()).Should().Equal("discard", "files");
        }
        finally
        {
            await fixture.Api.PostAsync($"/streams/{id}/stop", null);
        }
    }
}
