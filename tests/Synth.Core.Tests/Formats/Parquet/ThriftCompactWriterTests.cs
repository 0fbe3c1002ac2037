using System.Buffers;
using Synth.Core.Formats.Parquet;

namespace Synth.Core.Tests.Formats.Parquet;

/// <summary>Byte-level checks against the Thrift compact protocol specification.</summary>
public sealed class ThriftCompactWriterTests
{
    [Fact]
    public void Small_field_id_deltas_share_a_byte_with_the_type()
    {
        var bytes = Write(w =>
        {
            w.FieldI32(1, 1);
            w.FieldI64(3, -1);
            w.FieldBool(4, true);
            w.FieldBool(5, false);
        });

        // (delta << 4 | type), zigzag varints: 1 → 2, -1 → 1; booleans live in the type nibble.
        bytes.Should().Equal(0x15, 0x02, 0x26, 0x01, 0x11, 0x12, 0x00);
    }

    [Fact]
    public void Large_or_backward_field_ids_are_written_in_full()
    {
        var bytes = Write(w =>
        {
            w.FieldI32(20, 0);
            w.FieldI32(2, 0);
        });

        // Type byte, then the id as a zigzag i16: 20 → 40, 2 → 4.
        bytes.Should().Equal(0x05, 0x28, 0x00, 0x05, 0x04, 0x00, 0x00);
    }

    [Fact]
    public void Nested_structs_restart_field_ids_and_restore_them_after()
    {
        var bytes = Write(w =>
        {
            w.FieldStructBegin(5);
            w.FieldI32(1, 2);
            w.StructEnd();
            w.FieldI32(6, 0);
        });

        bytes.Should().Equal(0x5C, 0x15, 0x04, 0x00, 0x15, 0x00, 0x00);
    }

    [Fact]
    public void Varints_take_seven_bits_per_byte_and_strings_are_utf8_with_a_length()
    {
        var bytes = Write(w =>
        {
            w.FieldI64(1, 300);
            w.FieldString(2, "é");
        });

        // zigzag(300) = 600 = 0b100_1011000 → 0xD8 0x04.
        bytes.Should().Equal(0x16, 0xD8, 0x04, 0x18, 0x02, 0xC3, 0xA9, 0x00);
    }

    [Fact]
    public void Lists_put_short_sizes_in_the_header_byte_and_long_ones_after_it()
    {
        var bytes = Write(w =>
        {
            w.FieldListBegin(1, ThriftCompactType.Binary, 1);
            w.String("a");
            w.FieldListBegin(2, ThriftCompactType.I32, 20);
            for (var i = 0; i < 20; i++)
            {
                w.I32(0);
            }
        });

        byte[] expected = [0x19, 0x18, 0x01, (byte)'a', 0x19, 0xF5, 0x14, .. new byte[20], 0x00];
        bytes.Should().Equal(expected);
    }

    private static byte[] Write(Action<ThriftCompactWriter> body)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new ThriftCompactWriter(output);
        writer.StructBegin();
        body(writer);
        writer.StructEnd();
        return output.WrittenSpan.ToArray();
    }
}
