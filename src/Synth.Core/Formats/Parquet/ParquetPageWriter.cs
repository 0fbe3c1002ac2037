using System.Buffers;
using System.IO.Compression;

namespace Synth.Core.Formats.Parquet;

/// <summary>
/// Turns page bodies into pages on the block's output: compresses the body, writes the Thrift
/// <c>PageHeader</c> and the body, and keeps the byte accounting a column chunk's metadata
/// needs. One per block encoder; its buffers are reused for every page.
/// </summary>
internal sealed class ParquetPageWriter
{
    private readonly ArrayBufferWriter<byte> _header = new(256);
    private readonly MemoryStream _compressed = new();
    private readonly ThriftCompactWriter _thrift;
    private IBufferWriter<byte>? _output;

    public ParquetPageWriter(bool gzip)
    {
        Codec = gzip ? ParquetCompressionCodec.Gzip : ParquetCompressionCodec.Uncompressed;
        _thrift = new ThriftCompactWriter(_header);
    }

    public ParquetCompressionCodec Codec { get; }

    /// <summary>The uncompressed body of the next page; fill it, then call a Write*Page method.</summary>
    public ArrayBufferWriter<byte> Body { get; } = new(1 << 16);

    /// <summary>Spare buffer for a section whose length must precede it in the body (definition levels).</summary>
    public ArrayBufferWriter<byte> Scratch { get; } = new(1 << 12);

    /// <summary>Bytes written to the current block so far, i.e. the relative offset of the next page.</summary>
    public long Position { get; private set; }

    public long ChunkUncompressedSize { get; private set; }

    public long ChunkCompressedSize { get; private set; }

    public int ChunkDataPages { get; private set; }

    public void BeginBlock(IBufferWriter<byte> output)
    {
        _output = output;
        Position = 0;
    }

    public void BeginChunk()
    {
        ChunkUncompressedSize = 0;
        ChunkCompressedSize = 0;
        ChunkDataPages = 0;
        Body.ResetWrittenCount();
    }

    public void WriteDictionaryPage(int entryCount)
    {
        var body = Compress(Body.WrittenSpan);
        _header.ResetWrittenCount();
        _thrift.StructBegin();
        WritePageHeaderStart(ParquetPageType.DictionaryPage, Body.WrittenCount, body.Length);
        _thrift.FieldStructBegin(7); // dictionary_page_header
        _thrift.FieldI32(1, entryCount);
        _thrift.FieldI32(2, (int)ParquetEncoding.Plain);
        _thrift.StructEnd();
        _thrift.StructEnd();
        Emit(body);
    }

    /// <param name="valueCount">Rows in the page, nulls included (DataPageHeader.num_values).</param>
    public void WriteDataPage(int valueCount, ParquetEncoding encoding)
    {
        var body = Compress(Body.WrittenSpan);
        WriteDataPageHeader(valueCount, encoding, Body.WrittenCount, body.Length);
        Emit(body);
        ChunkDataPages++;
    }

    /// <summary>
    /// An uncompressed data page whose body is <see cref="Body"/> (its definition levels, if any)
    /// followed by <paramref name="values"/>, which go to the output without passing through Body.
    /// </summary>
    public void WriteDataPage(int valueCount, ParquetEncoding encoding, ReadOnlySpan<byte> values)
    {
        if (Codec != ParquetCompressionCodec.Uncompressed)
        {
            throw new InvalidOperationException("Only an uncompressed page takes its values apart from its body.");
        }
        var size = Body.WrittenCount + values.Length;
        WriteDataPageHeader(valueCount, encoding, size, size);
        Emit(Body.WrittenSpan, values);
        ChunkDataPages++;
    }

    private void WriteDataPageHeader(int valueCount, ParquetEncoding encoding, int uncompressedSize, int compressedSize)
    {
        _header.ResetWrittenCount();
        _thrift.StructBegin();
        WritePageHeaderStart(ParquetPageType.DataPage, uncompressedSize, compressedSize);
        _thrift.FieldStructBegin(5); // data_page_header
        _thrift.FieldI32(1, valueCount);
        _thrift.FieldI32(2, (int)encoding);
        _thrift.FieldI32(3, (int)ParquetEncoding.Rle); // definition_level_encoding
        _thrift.FieldI32(4, (int)ParquetEncoding.Rle); // repetition_level_encoding (none are written)
        _thrift.StructEnd();
        _thrift.StructEnd();
    }

    private void WritePageHeaderStart(ParquetPageType type, int uncompressedSize, int compressedSize)
    {
        _thrift.FieldI32(1, (int)type);
        _thrift.FieldI32(2, uncompressedSize);
        _thrift.FieldI32(3, compressedSize);
    }

    private ReadOnlySpan<byte> Compress(ReadOnlySpan<byte> body)
    {
        if (Codec == ParquetCompressionCodec.Uncompressed)
        {
            return body;
        }
        _compressed.SetLength(0);
        using (var gzip = new GZipStream(_compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body);
        }
        return _compressed.GetBuffer().AsSpan(0, (int)_compressed.Length);
    }

    private void Emit(ReadOnlySpan<byte> body)
    {
        var header = Append(_header.WrittenSpan);
        Append(body);
        Position += header + body.Length;
        ChunkUncompressedSize += header + Body.WrittenCount;
        ChunkCompressedSize += header + body.Length;
        Body.ResetWrittenCount();
    }

    // An uncompressed page whose body is in two parts.
    private void Emit(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var size = Append(_header.WrittenSpan) + Append(first) + Append(second);
        Position += size;
        ChunkUncompressedSize += size;
        ChunkCompressedSize += size;
        Body.ResetWrittenCount();
    }

    private int Append(ReadOnlySpan<byte> bytes)
    {
        var output = _output ?? throw new InvalidOperationException("BeginBlock was not called.");
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
        return bytes.Length;
    }
}
