using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Synth.Dashboard.Tests.TestSupport;
using Synth.TestSupport;

namespace Synth.Dashboard.Tests.Access;

/// <summary>A server that wants API keys: the page shows the 401 as the API says it, then works with a key typed in.</summary>
[Collection(DashboardCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ApiKeyTests(DashboardFixture fixture) : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("dashboard-keys-");
    private ServeProcess _server = null!;
    private string _secret = "";

    public async Task InitializeAsync()
    {
        // A user's key, made while the server is open on loopback (--auth none: the caller is admin), then keys are required.
        _server = await ServeProcess.StartAsync(_dir.Path);
        using var api = new HttpClient { BaseAddress = new Uri(_server.Url) };
        var created = await (await api.PostAsJsonAsync("/keys", new { name = "ann", role = "user" })).Content.ReadFromJsonAsync<JsonElement>();
        _secret = created.GetProperty("secret").GetString()!;
        await _server.RestartAsync("--auth", "keys");
    }

    public Task DisposeAsync()
    {
        _server.Dispose();
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Without_a_key_the_page_shows_the_401_and_with_one_it_submits_follows_and_downloads_a_job()
    {
        var page = await fixture.NewPageAsync(server: _server);
        await page.GotoAsync("/ui/jobs");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("401");

        await page.GetByLabel("API key").FillAsync(_secret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        await page.GetByText("The schema is valid.").WaitForAsync();
        await page.FillAsync("#job-rows", "5000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit job" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/ui/jobs/j[0-9a-f]{20}$"));

        // The hub took the key (accessTokenFactory): the bar is live and reaches 100 %.
        await Assertions.Expect(page.GetByRole(AriaRole.Progressbar)).ToHaveAttributeAsync("aria-valuenow", "100", new() { Timeout = 60_000 });
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Download ") }).ClickAsync());
        var path = Path.Combine(_dir.Path, "download.csv");
        await download.SaveAsAsync(path);
        File.ReadLines(path).Count().Should().Be(5001, "the header and the 5,000 rows, fetched with the key");
        (await page.EvaluateAsync<string>("() => sessionStorage.getItem('synth.apiKey')")).Should().Be(_secret, "the key is kept for this tab only");
    }
}
