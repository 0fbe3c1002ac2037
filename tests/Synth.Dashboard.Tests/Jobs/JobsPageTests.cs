using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Synth.Dashboard.Tests.TestSupport;

namespace Synth.Dashboard.Tests.Jobs;

/// <summary>The jobs page: a schema checked as it is typed, a job submitted from the page, followed live, downloaded.</summary>
[Collection(DashboardCollection.Name)]
[Trait("Category", "Integration")]
public sealed class JobsPageTests(DashboardFixture fixture)
{
    private const string Schema = """
        {
          "id": {"type": "int", "min": 1000, "max": 9999},
          "name": {"type": "name"},
          "income": {"type": "float", "mean": 50000, "std": 20000, "min": 0},
          "status": {"type": "category", "categories": ["active", "inactive", "pending"], "probabilities": [0.7, 0.2, 0.1]}
        }
        """;

    [Fact]
    public async Task A_job_submitted_from_the_page_reaches_100_percent_and_downloads_the_same_bytes_as_synth_run()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/ui/jobs");
        await page.FillAsync("#schema-text", Schema);
        await page.FillAsync("#job-rows", "200000");
        await page.FillAsync("#job-seed", "7");
        await page.GetByText("The schema is valid.").WaitForAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Submit job" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/ui/jobs/j[0-9a-f]{20}$"));
        var bar = page.GetByRole(AriaRole.Progressbar);
        await Assertions.Expect(bar).ToHaveAttributeAsync("aria-valuenow", "100", new() { Timeout = 90_000 });
        await Assertions.Expect(page.Locator("#job-status")).ToHaveTextAsync("Succeeded");
        await DashboardFixture.ScreenshotAsync(page, "job-succeeded");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Download ") }).ClickAsync());
        var downloaded = Path.Combine(fixture.Dir.Path, "from-page.csv");
        await download.SaveAsAsync(downloaded);
        File.WriteAllText(Path.Combine(fixture.Dir.Path, "schema.json"), Schema);
        SynthRun.Run(fixture.Dir.Path, "run", "--schema", "schema.json", "--rows", "200000", "--seed", "7", "--output", "from-run.csv");

        var expected = await File.ReadAllBytesAsync(Path.Combine(fixture.Dir.Path, "from-run.csv"));
        expected.Length.Should().BeGreaterThan(1_000_000);
        (await File.ReadAllBytesAsync(downloaded)).SequenceEqual(expected).Should().BeTrue("the page's download is the job's file, byte-identical to synth run with the same schema and seed");
    }

    [Fact]
    public async Task A_schema_problem_is_shown_at_its_line_as_it_is_typed_and_submitting_is_held_back()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/ui/jobs");

        await page.FillAsync("#schema-text", Schema.Replace("\"std\": 20000", "\"std\": \"wide\"", StringComparison.Ordinal));

        var problem = page.Locator("#schema-problems li");
        await Assertions.Expect(problem).ToHaveAttributeAsync("data-line", "4");
        await Assertions.Expect(problem).ToContainTextAsync("$.income.std");
        await Assertions.Expect(page.Locator(".gutter-error")).ToHaveTextAsync("4");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Submit job" })).ToBeDisabledAsync();
    }

    [Fact]
    public async Task A_refused_submission_shows_the_problem_detail_of_the_api()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/ui/jobs");
        await page.GetByText("The schema is valid.").WaitForAsync();

        await page.FillAsync("#job-rows", "0");
        await page.Locator("#job-rows").EvaluateAsync("e => e.removeAttribute('min')"); // past the browser's own check, to the API's
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit job" }).ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("400");
        await Assertions.Expect(alert).ToContainTextAsync("rows");
        page.Url.Should().EndWith("/ui/jobs");
    }
}
