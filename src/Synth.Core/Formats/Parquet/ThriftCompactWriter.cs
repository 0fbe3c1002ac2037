using System.Buffers;
using System.Text;

namespace Synth.Core.Formats.Parquet;

/// <summary>
/// Writes Thrift structs in the compact protocol, which is how Parquet serialises its page
/// headers and file footer. Only the writing half is needed and the structs are written by
/// hand (no IDL compiler), so the API mirrors the wire format: field headers carry the delta
/// from the previous field id, nested structs restart that delta at zero.
/// </summary>
internal sealed class ThriftCompactWriter
{
    private readonly IBufferWriter<byte> _output;
    private short[] _fieldIdStack = new short[16];
    private int _depth;
    private short _lastFieldId;

    public ThriftCompactWriter(IBufferWriter<byte> output) => _output = output;

    /// <summary>Starts a top-level struct or a struct that is a list element (no field header).</summary>
    public void StructBegin()
    {
        if (_depth == _fieldIdStack.Length)
        {
            Array.Resize(ref _fieldIdStack, _depth * 2);
        }
        _fieldIdStack[_depth++] = _lastFieldId;
        _lastFieldId = 0;
    }

    /// <summary>Ends the innermost struct with a stop byte.</summary>
    public void StructEnd()
    {
        WriteByte((byte)ThriftCompactType.Stop);
        _lastFieldId = _fieldIdStack[--_depth];
    }

    /// <summary>Starts a struct-valued field; close it with <see cref="StructEnd"/>.</summary>
    public void FieldStructBegin(short fieldId)
    {
        FieldHeader(fieldId, ThriftCompactType.Struct);
        StructBegin();
    }

    /// <summary>Writes an empty struct field, e.g. a marker member of a union such as <c>LogicalType.STRING</c>.</summary>
    public void FieldEmptyStruct(short fieldId)
    {
        FieldStructBegin(fieldId);
        StructEnd();
    }

    public void FieldBool(short fieldId, bool value) =>
        FieldHeader(fieldId, value ? ThriftCompactType.BooleanTrue : ThriftCompactType.BooleanFalse);

    public void FieldI16(short fieldId, short value)
    {
        FieldHeader(fieldId, ThriftCompactType.I16);
        WriteVarint(ZigZag(value));
    }

    public void FieldI32(short fieldId, int value)
    {
        FieldHeader(fieldId, ThriftCompactType.I32);
        WriteVarint(ZigZag(value));
    }

    public void FieldI64(short fieldId, long value)
    {
        FieldHeader(fieldId, ThriftCompactType.I64);
        WriteVarint(ZigZag(value));
    }

    public void FieldBinary(short fieldId, ReadOnlySpan<byte> value)
    {
        FieldHeader(fieldId, ThriftCompactType.Binary);
        Binary(value);
    }

    public void FieldString(short fieldId, string value)
    {
        FieldHeader(fieldId, ThriftCompactType.Binary);
        String(value);
    }

    /// <summary>Starts a list field; write exactly <paramref name="count"/> elements after it.</summary>
    public void FieldListBegin(short fieldId, ThriftCompactType elementType, int count)
    {
        FieldHeader(fieldId, ThriftCompactType.List);
        if (count < 15)
        {
            WriteByte((byte)((count << 4) | (byte)elementType));
        }
        else
        {
            WriteByte((byte)(0xF0 | (byte)elementType));
            WriteVarint((uint)count);
        }
    }

    /// <summary>A list element of type i32 (also used for enums).</summary>
    public void I32(int value) => WriteVarint(ZigZag(value));

    /// <summary>A list element of type binary/string.</summary>
    public void String(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarint((uint)length);
        var span = _output.GetSpan(length);
        Encoding.UTF8.GetBytes(value, span);
        _output.Advance(length);
    }

    public void Binary(ReadOnlySpan<byte> value)
    {
        WriteVarint((uint)value.Length);
        value.CopyTo(_output.GetSpan(value.Length));
        _output.Advance(value.Length);
    }

    private void FieldHeader(short fieldId, ThriftCompactType type)
    {
        var delta = fieldId - _lastFieldId;
        if (delta is > 0 and <= 15)
        {
            WriteByte((byte)((delta << 4) | (byte)type));
        }
        else
        {
            WriteByte((byte)type);
            WriteVarint(ZigZag(fieldId));
        }
        _lastFieldId = fieldId;
    }

    private static uint ZigZag(int value) => (uint)((value << 1) ^ (value >> 31));

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    private void WriteVarint(ulong value)
    {
        var span = _output.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        _output.Advance(i);
    }
}
