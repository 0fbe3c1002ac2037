namespace Synth.Cli.Tests;

/// <summary>
/// Tests of the commands that drive a server (<c>synth jobs</c>, <c>synth streams</c>): each test gets a
/// directory of its own and a real <c>synth serve</c> process in it, and runs the CLI against it.
/// </summary>
public abstract class ServerCommandTests : IAsyncLifetime
{
    private ServeProcess _serve = null!;

    private protected TempDirectory Dir { get; } = new();

    public async Task InitializeAsync() => _serve = await ServeProcess.StartAsync(Dir.Path);

    public Task DisposeAsync()
    {
        _serve.Dispose();
        Dir.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Runs <c>synth</c> in the test's directory with SYNTH_SERVER pointing at the server.</summary>
    private protected SynthProcess.Result Synth(params string[] args) => SynthProcess.Run(Dir.Path, _serve.Environment, args);
}
