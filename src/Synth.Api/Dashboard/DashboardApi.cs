using System.Text;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Synth.Api.Dashboard;

/// <summary>
/// The dashboard (web/dashboard, built into <see cref="SynthApiOptions.DashboardDirectory"/>): its page at
/// <c>/</c> and at every client route under <see cref="ClientRoutes"/>, its hashed files under <c>/assets/</c>.
/// Client routes have a prefix of their own so that no page can shadow an API route (<c>/jobs</c> is the API's).
/// The page holds no data, so it is served to anyone; what it shows comes from the API with the caller's credential.
/// </summary>
public static class DashboardApi
{
    /// <summary>Prefix of the dashboard's own routes (<c>/ui/jobs</c>, <c>/ui/datasets/d…</c>): they all answer index.html.</summary>
    public const string ClientRoutes = "/ui";

    /// <summary>Vite names every file under assets/ after a hash of its content, so a browser may keep them for good.</summary>
    private const string AssetsPath = "/assets";

    public static WebApplication UseSynthDashboard(this WebApplication app)
    {
        var directory = DashboardDirectory(app.Services.GetRequiredService<IOptions<SynthApiOptions>>().Value);
        var files = new PhysicalFileProvider(directory);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Directory.CreateDirectory(Path.Combine(directory, "assets")).FullName),
            RequestPath = AssetsPath,
            // A missing asset falls through to the API's 404 (never the page: a stale index.html must not get HTML for a script).
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable",
        });
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/", methods, (HttpContext context) => PageAsync(context, files)).AllowAnonymous().ExcludeFromDescription();
        app.MapMethods(ClientRoutes + "/{**route}", methods, (HttpContext context) => PageAsync(context, files)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static string DashboardDirectory(SynthApiOptions options)
    {
        var directory = Path.GetFullPath(options.DashboardDirectory ?? Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        // PhysicalFileProvider wants the folder; an empty one means "not built".
        return Directory.CreateDirectory(directory).FullName;
    }

    private static async Task PageAsync(HttpContext context, IFileProvider files)
    {
        var response = context.Response;
        // The page names the current hashed assets: it must be asked for again after every build.
        response.Headers.CacheControl = "no-cache";
        response.ContentType = "text/html; charset=utf-8";
        var index = files.GetFileInfo("index.html");
        if (HttpMethods.IsHead(context.Request.Method)) return;
        if (index.Exists)
        {
            await response.SendFileAsync(index, context.RequestAborted);
            return;
        }
        await response.WriteAsync(NotBuiltPage, Encoding.UTF8, context.RequestAborted);
    }

    /// <summary>What <c>/</c> answers when the bundle is missing (a build of the .NET projects alone): how to get it.</summary>
    internal const string NotBuiltPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Synth: dashboard not built</title></head>
        <body>
        <h1>The Synth dashboard is not built</h1>
        <p>This server has no dashboard bundle. <code>./synth serve</code> builds it (it runs <code>npm ci</code> and
        <code>npm run build</code> in <code>web/dashboard</code> when its sources change), or build it by hand:
        <code>cd web/dashboard &amp;&amp; npm ci &amp;&amp; npm run build</code>, then rebuild Synth.</p>
        <p>The API works without it: <a href="/swagger">/swagger</a>, <a href="/status">/status</a>.</p>
        </body></html>
        """;
}
