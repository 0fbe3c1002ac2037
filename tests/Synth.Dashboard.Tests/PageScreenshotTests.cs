using System.Text;
using Microsoft.Playwright;
using Synth.Dashboard.Tests.TestSupport;

namespace Synth.Dashboard.Tests;

/// <summary>Every page, at 1280×800 and at phone width, saved under TestResults/dashboard/ for people to look at.</summary>
[Collection(DashboardCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PageScreenshotTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Every_page_is_screenshotted_at_desktop_and_phone_width_and_fits_the_phone_without_sideways_scrolling()
    {
        // Something on every page: a job, a dataset, a stream (stopped at once: only its page is wanted).
        var job = await fixture.PostJsonAsync("/jobs", new { schemaText = """{"id": {"type": "int", "min": 1, "max": 9}}""", rows = 1000 });
        var upload = await fixture.Api.PostAsync("/datasets?name=screens", new StringContent("a,b\n1,x\n2,y\n3,x\n", Encoding.UTF8, "text/csv"));
        upload.EnsureSuccessStatusCode();
        var dataset = System.Text.Json.JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement.GetProperty("dataset");
        var stream = await fixture.PostJsonAsync("/streams", new { schemaText = """{"id": {"type": "int", "min": 1, "max": 9}}""", rate = 5 });
        await fixture.Api.PostAsync($"/streams/{stream.GetProperty("id").GetString()}/stop", null);

        var pages = new Dictionary<string, string>
        {
            ["jobs"] = "/ui/jobs",
            ["job"] = $"/ui/jobs/{job.GetProperty("id").GetString()}",
            ["datasets"] = "/ui/datasets",
            ["dataset"] = $"/ui/datasets/{dataset.GetProperty("id").GetString()}",
            ["streams"] = "/ui/streams",
            ["stream"] = $"/ui/streams/{stream.GetProperty("id").GetString()}",
            ["cluster"] = "/ui/cluster",
        };
        foreach (var (viewport, size) in new[] { ("desktop", DashboardFixture.Desktop), ("phone", DashboardFixture.Phone) })
        {
            var page = await fixture.NewPageAsync(size);
            foreach (var (name, path) in pages)
            {
                await page.GotoAsync(path);
                await Assertions.Expect(page.Locator("main h2").First).ToBeVisibleAsync();
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 5_000 }).ContinueWith(_ => { }); // live pages never go idle
                File.Exists(await DashboardFixture.ScreenshotAsync(page, $"{name}-{viewport}")).Should().BeTrue();
                if (viewport == "phone")
                {
                    var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
                    overflow.Should().BeLessThanOrEqualTo(0, $"{path} should fit a phone's width (wide tables scroll inside their own box)");
                }
            }
        }
        await Assertions.Expect((await fixture.NewPageAsync()).Locator("body")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_navigation_is_labelled_and_reachable_from_the_keyboard()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/ui/cluster");
        await Assertions.Expect(page.Locator("#silos tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Orleans dashboard" })).ToHaveAttributeAsync("href", "/orleans");

        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator(":focus")).ToHaveTextAsync("Skip to content");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator(":focus")).ToHaveTextAsync("Jobs");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/ui/jobs");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" }).GetByRole(AriaRole.Link, new() { Name = "Jobs" })).ToHaveAttributeAsync("aria-current", "page");
    }
}
