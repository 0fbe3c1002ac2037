using System.Diagnostics;

namespace Synth.Cli.Tests;

/// <summary>
/// <c>synth keys create|list|revoke</c> and <c>synth serve --auth</c> as an operator uses them: the first
/// admin key is made while the server runs with --auth none on loopback; the server then runs with
/// --auth keys on the same data directory, where the keys are (hashed, in the cluster's SQLite store).
/// </summary>
[Trait("Category", "Integration")]
public sealed class KeysCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Keys_made_and_revoked_with_synth_keys_open_and_close_a_server_in_mode_keys()
    {
        string admin;
        using (var open = await ServeAsync())
        {
            var created = Synth(open.Url, null, "keys", "create", "--name", "root", "--role", "admin");
            created.ExitCode.Should().Be(0, created.Stderr);
            admin = created.Stdout.Trim();
            admin.Should().MatchRegex("^sk_k[0-9a-f]{20}_[A-Za-z0-9_-]{43}$", "standard output is the secret alone");
            created.Stderr.Should().Contain("shown only this once");
        }
        File.ReadAllBytes(Path.Combine(_dir.Path, "data", "cluster.db")).AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(admin)).Should().Be(-1, "only the secret's hash is stored");

        using var server = await ServeAsync("--auth", "keys");
        var anonymous = Synth(server.Url, null, "jobs", "list");
        var user = Synth(server.Url, admin, "keys", "create", "--name", "ann's laptop", "--role", "user", "--user", "ann");
        var ann = user.Stdout.Trim();
        var schema = _dir.Write("s.json", """{"id": {"type": "int", "min": 1, "max": 9}}""");
        var submitted = Synth(server.Url, ann, "jobs", "submit", "--schema", schema, "--rows", "10");
        var byUser = Synth(server.Url, ann, "keys", "list");
        var listed = Synth(server.Url, admin, "keys", "list");
        var annId = ann[3..24];
        var revoked = Synth(server.Url, admin, "keys", "revoke", annId);
        var afterRevoke = Synth(server.Url, ann, "jobs", "list");
        var listedAfter = Synth(server.Url, admin, "keys", "list");

        anonymous.ExitCode.Should().Be(2);
        anonymous.ErrorLines.Should().ContainSingle().Which.Should().Contain("401").And.Contain("API key");
        user.ExitCode.Should().Be(0, user.Stderr);
        submitted.ExitCode.Should().Be(0, submitted.Stderr);
        byUser.ExitCode.Should().Be(2, "listing keys is for admins");
        byUser.ErrorLines.Should().ContainSingle().Which.Should().Contain("403");
        listed.ExitCode.Should().Be(0, listed.Stderr);
        listed.Stdout.Should().Contain("root").And.Contain("ann's laptop").And.Contain(annId).And.NotContain(ann);
        revoked.ExitCode.Should().Be(0, revoked.Stderr);
        afterRevoke.ExitCode.Should().Be(2);
        afterRevoke.ErrorLines.Should().ContainSingle().Which.Should().Contain("401").And.Contain("revoked");
        listedAfter.Stdout.Split('\n').Single(l => l.StartsWith(annId, StringComparison.Ordinal)).Should().MatchRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s*$", "the revocation time");
    }

    [Fact]
    public void Auth_none_on_an_address_other_machines_reach_is_refused_in_one_error_line()
    {
        var result = SynthProcess.Run(_dir.Path, "serve", "--host", "0.0.0.0", "--port", "0", "--data-dir", "data");

        result.ExitCode.Should().Be(2);
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: --auth none: only while listening on loopback");
    }

    [Fact]
    public void Bad_key_requests_are_one_error_line_with_exit_code_2()
    {
        var role = SynthProcess.Run(_dir.Path, "keys", "create", "--name", "x", "--role", "boss");
        var id = SynthProcess.Run(_dir.Path, "keys", "revoke", "not-an-id");
        var mode = SynthProcess.Run(_dir.Path, "serve", "--auth", "sometimes", "--port", "0", "--data-dir", "data");

        role.ExitCode.Should().Be(2);
        role.ErrorLines.Should().Contain(l => l.Contains("boss", StringComparison.Ordinal));
        id.ExitCode.Should().Be(2);
        id.ErrorLines.Should().ContainSingle().Which.Should().Contain("not a key id");
        mode.ExitCode.Should().Be(2);
        mode.ErrorLines.Should().ContainSingle().Which.Should().Be("error: --auth: 'sometimes' is not an auth mode; one of none, keys, jwt, headers");
    }

    [Fact]
    public void Keys_create_against_a_bad_or_unreachable_cluster_database_is_one_error_line()
    {
        var malformed = SynthProcess.Run(_dir.Path, "keys", "create", "--postgres", "nonsense", "--name", "root", "--role", "admin");
        var unreachable = SynthProcess.Run(_dir.Path, "keys", "create", "--postgres", "Host=127.0.0.1;Port=1;Database=synth;Username=synth;Password=secret",
            "--name", "root", "--role", "admin");

        malformed.ExitCode.Should().Be(2);
        malformed.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: --postgres: ");
        unreachable.ExitCode.Should().Be(1);
        unreachable.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: cannot reach the cluster of database synth on 127.0.0.1:1").And.NotContain("secret");
        unreachable.Stdout.Should().BeEmpty();
    }

    private SynthProcess.Result Synth(string url, string? key, params string[] args)
    {
        var environment = new Dictionary<string, string> { ["SYNTH_SERVER"] = url };
        if (key is not null) environment["SYNTH_API_KEY"] = key;
        return SynthProcess.Run(_dir.Path, environment, args);
    }

    private async Task<Server> ServeAsync(params string[] extra)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _dir.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        string[] args = [Path.Combine(AppContext.BaseDirectory, "synth.dll"), "serve", "--port", "0", "--data-dir", "data", .. extra];
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["SYNTH_LOG_LEVEL"] = "warning";
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
        line.Should().StartWith("Synth is listening on http://127.0.0.1:");
        return new Server(process, line!["Synth is listening on ".Length..]);
    }

    private sealed record Server(Process Process, string Url) : IDisposable
    {
        public void Dispose()
        {
            // SIGTERM: a graceful stop, so SQLite is closed before the next server opens it.
            using (var term = System.Diagnostics.Process.Start("kill", ["-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) term.WaitForExit();
            if (!Process.WaitForExit(TimeSpan.FromSeconds(60))) Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }
}
