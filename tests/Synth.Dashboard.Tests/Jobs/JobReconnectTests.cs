using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Synth.Dashboard.Tests.TestSupport;
using Synth.TestSupport;

namespace Synth.Dashboard.Tests.Jobs;

/// <summary>A server restarted under a watching page: the page reconnects to the hub by itself and the job's bar goes on.</summary>
[Collection(DashboardCollection.Name)]
[Trait("Category", "Integration")]
public sealed class JobReconnectTests(DashboardFixture fixture) : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("dashboard-restart-");
    private ServeProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServeProcess.StartAsync(_dir.Path);

    public Task DisposeAsync()
    {
        _server.Dispose();
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task After_the_server_restarts_mid_job_the_page_rejoins_after_its_last_sequence_and_the_bar_continues()
    {
        var page = await fixture.NewPageAsync(server: _server);
        await page.GotoAsync("/ui/jobs");
        await page.GetByText("The schema is valid.").WaitForAsync();
        // Big enough to outlast a restart on any machine; the test cancels it once the bar has moved on.
        await page.FillAsync("#job-rows", "200000000");
        await page.SelectOptionAsync("#job-format", "parquet");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit job" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/ui/jobs/j[0-9a-f]{20}$"));
        // A mark on the window: it survives only if the page is never reloaded.
        await page.EvaluateAsync("() => { window.samePage = true; }");
        var bar = page.GetByRole(AriaRole.Progressbar);
        await page.WaitForFunctionAsync("() => Number(document.querySelector('[role=progressbar]').getAttribute('aria-valuenow')) >= 1", null, new() { Timeout = 90_000 });
        var before = int.Parse((await bar.GetAttributeAsync("aria-valuenow"))!, System.Globalization.CultureInfo.InvariantCulture);
        var sequenceBefore = long.Parse((await page.Locator("[data-last-sequence]").GetAttributeAsync("data-last-sequence"))!, System.Globalization.CultureInfo.InvariantCulture);

        await _server.RestartAsync();

        await Assertions.Expect(page.Locator("#feed-state")).Not.ToHaveAttributeAsync("data-reconnects", "0", new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync(
            $"() => Number(document.querySelector('[role=progressbar]').getAttribute('aria-valuenow')) > {before} && Number(document.querySelector('[data-last-sequence]').dataset.lastSequence) > {sequenceBefore}",
            null,
            new() { Timeout = 90_000 });
        await DashboardFixture.ScreenshotAsync(page, "job-after-restart");

        (await page.EvaluateAsync<bool>("() => window.samePage === true")).Should().BeTrue("the page reconnected by itself; it was never reloaded");
        var sequences = (await page.Locator("[data-sequences]").GetAttributeAsync("data-sequences"))!.Split(',').Select(long.Parse).ToList();
        sequences.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems("after the reconnect the page joined after its last sequence: no event twice, none out of order");
        sequences.Should().Contain(s => s > sequenceBefore);

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel job" }).ClickAsync();
        await Assertions.Expect(page.Locator("#job-status")).ToHaveTextAsync("Cancelled");
    }
}
