using Microsoft.Extensions.Hosting;
using Synth.Silo.Hosting;

// One silo of a cluster (Dockerfile.silo): settings from the environment (Synth__Postgres,
// Synth__Silo__Tags, Synth__Silo__MetricsPort, Synth__Artifacts__*, …); `synth silo` runs the same host with flags.
await SiloHost.Build(args).RunAsync();
