using System.IO.Hashing;
using Synth.Core.Output.Zip;

namespace Synth.Core.Tests.Output.Zip;

public class Crc32CombineTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 7)]
    [InlineData(1, 1)]
    [InlineData(13, 0)]
    [InlineData(1000, 65_537)]
    [InlineData(4096, 1_000_003)]
    public void Combining_two_pieces_CRCs_gives_the_CRC_of_their_concatenation(int firstLength, int secondLength)
    {
        var random = new Random(firstLength * 31 + secondLength);
        var first = new byte[firstLength];
        var second = new byte[secondLength];
        random.NextBytes(first);
        random.NextBytes(second);

        var combined = Crc32Combine.Combine(Crc32.HashToUInt32(first), Crc32.HashToUInt32(second), second.Length);

        combined.Should().Be(Crc32.HashToUInt32([.. first, .. second]));
    }

    [Fact]
    public void Pieces_combine_in_any_grouping_so_shards_can_be_summed_as_they_come()
    {
        var pieces = Enumerable.Range(0, 5).Select(i => Enumerable.Range(0, 1000 + i * 777).Select(j => (byte)(i * 7 + j)).ToArray()).ToArray();
        uint running = 0;
        foreach (var piece in pieces) running = Crc32Combine.Combine(running, Crc32.HashToUInt32(piece), piece.Length);

        running.Should().Be(Crc32.HashToUInt32(pieces.SelectMany(p => p).ToArray()));
    }

    [Fact]
    public void A_negative_length_is_refused()
    {
        var act = () => Crc32Combine.Combine(1, 2, -1);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("secondLength");
    }
}
