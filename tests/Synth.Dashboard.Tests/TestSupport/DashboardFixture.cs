using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Synth.TestSupport;

namespace Synth.Dashboard.Tests.TestSupport;

/// <summary>
/// One chromium (Debian's, /usr/bin/chromium: Playwright's own browser download is never run) and one
/// <c>synth serve</c> shared by the dashboard tests, which run one after another (a browser and a
/// server per test would cost more than the tests themselves on a small machine).
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>The browser the tests drive; apt's chromium package installs it here (scripts/ensure.sh).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };

    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private IPlaywright? _playwright;

    public TempDirectory Dir { get; } = new("dashboard-");

    public IBrowser Browser { get; private set; } = null!;

    public ServeProcess Server { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        File.Exists(ChromiumPath).Should().BeTrue($"the dashboard tests drive Debian's chromium at {ChromiumPath} (apt-get install chromium; ./test installs it)");
        var serve = ServeProcess.StartAsync(Dir.Path);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Tests run as root in CI, where chromium's sandbox cannot start.
            Args = ["--no-sandbox"],
        });
        Server = await serve;
        Api = new HttpClient { BaseAddress = new Uri(Server.Url) };
    }

    /// <summary>A fresh page (its own context: storage, downloads) on <paramref name="server"/> (default: the shared one).</summary>
    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null, ServeProcess? server = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (server ?? Server).Url,
            ViewportSize = viewport ?? Desktop,
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>Saves a full-page screenshot as TestResults/dashboard/NAME.png and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(RepositoryPaths.Artifacts, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async Task<JsonElement> GetJsonAsync(string path) => await Api.GetFromJsonAsync<JsonElement>(path);

    public async Task<JsonElement> PostJsonAsync(string path, object body)
    {
        var response = await Api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue($"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        Api?.Dispose();
        Server?.Dispose();
        Dir.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "Dashboard";
}
