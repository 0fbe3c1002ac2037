using Synth.Api;

// The API process on its own (Dockerfile.api): embedded unless Synth__Postgres names a cluster.
var app = SynthServer.Build(args);
app.Run();

/// <summary>The entry point, public for WebApplicationFactory in the tests.</summary>
public partial class Program;
