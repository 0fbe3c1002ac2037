using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Synth.Dashboard.Tests.TestSupport;

namespace Synth.Dashboard.Tests.Datasets;

/// <summary>Private synthesis from the page: drop a CSV, confirm its domain, fit MST at ε = 1, read the evaluation and the budget, sample the model.</summary>
[Collection(DashboardCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DatasetsPageTests(DashboardFixture fixture)
{
    /// <summary>A small table with some structure (income follows education and hours), made the same every time.</summary>
    private static string People(int rows)
    {
        var random = new Random(12);
        string[] education = ["school", "college", "bachelor", "master", "doctorate"];
        var csv = new StringBuilder("age,sex,education,hours,income\n");
        for (var i = 0; i < rows; i++)
        {
            var e = random.Next(education.Length);
            var hours = 20 + random.Next(41);
            var rich = random.NextDouble() < 0.1 + 0.15 * e + (hours > 45 ? 0.15 : 0);
            csv.Append(CultureInfo.InvariantCulture, $"{18 + random.Next(70)},{(random.Next(2) == 0 ? "F" : "M")},{education[e]},{hours},{(rich ? ">50K" : "<=50K")}\n");
        }
        return csv.ToString();
    }

    private static async Task DropFileAsync(IPage page, string selector, string fileName, string text)
    {
        var transfer = await page.EvaluateHandleAsync(
            "([name, text]) => { const t = new DataTransfer(); t.items.add(new File([text], name, { type: 'text/csv' })); return t; }",
            new object[] { fileName, text });
        await page.DispatchEventAsync(selector, "drop", new Dictionary<string, object> { ["dataTransfer"] = transfer });
    }

    private static async Task<double> SpentOnGaugeAsync(IPage page) =>
        double.Parse((await page.Locator(".budget-gauge").GetAttributeAsync("data-spent-epsilon"))!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_dropped_csv_is_profiled_its_domain_confirmed_and_an_mst_fit_at_epsilon_1_moves_the_gauge_and_draws_the_evaluation()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/ui/datasets");
        await DropFileAsync(page, ".dropzone", "people.csv", People(3000));
        await Assertions.Expect(page.Locator(".dropzone")).ToContainTextAsync("people.csv");
        await page.FillAsync("#dataset-epsilon", "3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/ui/datasets/d[0-9a-f]{20}$"));
        var datasetId = page.Url[(page.Url.LastIndexOf('/') + 1)..];

        // The profile: a row per column, each with its histogram.
        await Assertions.Expect(page.Locator("table.profile tbody tr")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("table.profile .spark")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator(".budget-gauge")).ToHaveAttributeAsync("data-spent-epsilon", "0");

        // A domain problem is shown on its column and field; the draft, put back, is confirmed.
        var hours = page.Locator("tr[data-column=hours]");
        await hours.GetByLabel("Bins of hours").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm domain" }).ClickAsync();
        // Shown in the bins cell of that column (the API keys it $.columns[3].bins).
        await Assertions.Expect(hours.Locator("td", new() { Has = page.GetByLabel("Bins of hours") }).Locator(".field-problem")).ToContainTextAsync("between 1 and 10000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset to the draft" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm domain" }).ClickAsync();
        await Assertions.Expect(page.Locator("#domain-state")).ToHaveTextAsync("confirmed");

        await page.SelectOptionAsync("#fit-method", "mst");
        await page.FillAsync("#fit-epsilon", "1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Fit", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#fit-status")).ToHaveTextAsync("Succeeded", new() { Timeout = 90_000 });

        // Marginal distances, the pairwise TV heat map (every pair of the 5 columns), utility, closest-record distances, and a real-vs-synthetic histogram per column.
        var charts = page.Locator("#evaluation-charts [role=img]");
        await Assertions.Expect(charts).ToHaveCountAsync(4 + 5, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#evaluation-charts .column-marginal")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("#evaluation-charts [data-pairs]")).ToHaveAttributeAsync("data-pairs", "10");
        await Assertions.Expect(page.Locator("#evaluation-charts .column-marginal").First).ToHaveAttributeAsync("aria-label", new Regex("^age: real vs synthetic"));
        foreach (var chart in await charts.AllAsync()) await Assertions.Expect(chart.Locator("canvas").First).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => Number(document.querySelector('.budget-gauge').dataset.spentEpsilon) > 0");
        var budget = await fixture.GetJsonAsync($"/datasets/{datasetId}/budget");
        var spent = budget.GetProperty("spentEpsilon").GetDouble();
        spent.Should().BeApproximately(1, 1e-6, "one fit at ε = 1 was spent");
        (await SpentOnGaugeAsync(page)).Should().BeApproximately(spent, 1e-9, "the gauge shows what the budget says was spent");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Budget ledger" }).Locator("tbody tr")).ToHaveCountAsync(budget.GetProperty("ledger").GetArrayLength());
        await DashboardFixture.ScreenshotAsync(page, "dataset-evaluated");

        // Sampling the model is a job of its own, followed on its page, and spends nothing.
        await page.Locator("table input[aria-label^='Rows to sample']").FillAsync("500");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sample" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/ui/jobs/j[0-9a-f]{20}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Progressbar)).ToHaveAttributeAsync("aria-valuenow", "100", new() { Timeout = 60_000 });
        (await fixture.GetJsonAsync($"/datasets/{datasetId}/budget")).GetProperty("spentEpsilon").GetDouble().Should().Be(spent);
    }

    [Fact]
    public async Task A_malformed_csv_shows_the_line_and_column_the_api_names()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/ui/datasets");
        await page.SetInputFilesAsync("#dataset-file", new FilePayload { Name = "bad.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("a,b\n1,2\n3,\"open\n") });

        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("line 3, column 3");
        page.Url.Should().EndWith("/ui/datasets");
    }
}
