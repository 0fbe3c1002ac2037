namespace Synth.Silo.Tests.TestGrains;

[GenerateSerializer, Alias("Synth.Silo.Tests.JournalState")]
public sealed class JournalState
{
    [Id(0)]
    public List<string> Entries { get; set; } = [];

    [Id(1)]
    public int Ticks { get; set; }
}
