namespace Synth.Bench.GrainStorage;

[GenerateSerializer, Alias("Synth.Bench.GrainStorage.BenchState")]
public sealed class BenchState
{
    [Id(0)]
    public byte[] Payload { get; set; } = [];
}
