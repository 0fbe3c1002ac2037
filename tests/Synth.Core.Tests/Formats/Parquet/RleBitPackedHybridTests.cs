using System.Buffers;
using Synth.Core.Formats.Parquet;

namespace Synth.Core.Tests.Formats.Parquet;

/// <summary>Checks against the examples and grammar of Encodings.md (RLE/bit-packed hybrid).</summary>
public sealed class RleBitPackedHybridTests
{
    [Fact]
    public void Bit_packing_matches_the_specification_example()
    {
        // Encodings.md: 0..7 with bit width 3 pack to 10001000 11000110 11111010.
        var output = new ArrayBufferWriter<byte>();

        RleBitPackedHybrid.Encode<int>([0, 1, 2, 3, 4, 5, 6, 7], 3, output);

        output.WrittenSpan.ToArray().Should().Equal(0x03, 0b1000_1000, 0b1100_0110, 0b1111_1010);
    }

    [Fact]
    public void A_long_repeat_becomes_one_rle_run()
    {
        var output = new ArrayBufferWriter<byte>();

        RleBitPackedHybrid.Encode<byte>(Enumerable.Repeat((byte)1, 100).ToArray(), 1, output);

        // Header varint(100 << 1) = 0xC8 0x01, then the value in one byte.
        output.WrittenSpan.ToArray().Should().Equal(0xC8, 0x01, 0x01);
    }

    [Fact]
    public void Literals_before_a_repeat_borrow_from_it_to_fill_their_group_of_eight()
    {
        var output = new ArrayBufferWriter<byte>();
        byte[] values = [1, 0, 1, .. Enumerable.Repeat((byte)1, 20)];

        RleBitPackedHybrid.Encode<byte>(values, 1, output);

        // One bit-packed group (1,0,1,1,1,1,1,1 → 0xFD), then an RLE run of the 15 ones left.
        output.WrittenSpan.ToArray().Should().Equal(0x03, 0xFD, 0x1E, 0x01);
    }

    [Fact]
    public void A_short_last_group_is_padded_to_whole_bit_width_bytes()
    {
        var output = new ArrayBufferWriter<byte>();

        RleBitPackedHybrid.Encode<int>([1, 2, 3], 9, output);

        output.WrittenCount.Should().Be(1 + 9);
        Decode(output.WrittenSpan, 9, 3).Should().Equal(1, 2, 3);
    }

    [Theory]
    [InlineData(1, 0, 1)]
    [InlineData(2, 1, 1)]
    [InlineData(3, 2, 2)]
    [InlineData(256, 255, 8)]
    [InlineData(257, 256, 9)]
    [InlineData(65_536, 65_535, 16)]
    public void Bit_width_fits_the_largest_index(int entries, int largestIndex, int expected)
    {
        RleBitPackedHybrid.BitWidthFor(entries).Should().Be(expected);
        (largestIndex >> RleBitPackedHybrid.BitWidthFor(entries)).Should().Be(0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(17)]
    public void Mixed_runs_decode_back_to_the_input(int bitWidth)
    {
        var random = new Random(bitWidth);
        var values = new List<int>();
        while (values.Count < 5_000)
        {
            var value = random.Next(1 << bitWidth);
            var repeat = random.Next(4) == 0 ? random.Next(1, 40) : 1;
            values.AddRange(Enumerable.Repeat(value, repeat));
        }
        var output = new ArrayBufferWriter<byte>();

        RleBitPackedHybrid.Encode<int>(values.ToArray(), bitWidth, output);

        Decode(output.WrittenSpan, bitWidth, values.Count).Should().Equal(values);
    }

    /// <summary>A reference decoder written from the grammar, independent of the encoder.</summary>
    private static List<int> Decode(ReadOnlySpan<byte> data, int bitWidth, int count)
    {
        var values = new List<int>(count);
        var at = 0;
        while (values.Count < count)
        {
            uint header = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = data[at++];
                header |= (uint)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    break;
                }
            }

            if ((header & 1) == 0)
            {
                var run = (int)(header >> 1);
                var value = 0;
                for (var b = 0; b < (bitWidth + 7) / 8; b++)
                {
                    value |= data[at++] << (8 * b);
                }
                values.AddRange(Enumerable.Repeat(value, run));
            }
            else
            {
                var groupValues = (int)(header >> 1) * 8;
                var bit = 0;
                for (var i = 0; i < groupValues; i++)
                {
                    var value = 0;
                    for (var k = 0; k < bitWidth; k++, bit++)
                    {
                        value |= ((data[at + bit / 8] >> (bit % 8)) & 1) << k;
                    }
                    if (values.Count < count)
                    {
                        values.Add(value);
                    }
                }
                at += groupValues * bitWidth / 8;
            }
        }
        at.Should().Be(data.Length, "every encoded byte belongs to a run");
        return values;
    }
}
