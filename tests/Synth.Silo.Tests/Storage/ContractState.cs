namespace Synth.Silo.Tests.Storage;

[GenerateSerializer, Alias("Synth.Silo.Tests.ContractState")]
public sealed class ContractState
{
    [Id(0)]
    public string Text { get; set; } = "";

    [Id(1)]
    public List<int> Numbers { get; set; } = [];

    [Id(2)]
    public byte[] Blob { get; set; } = [];
}
