using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using Synth.Core.Output.Zip;

namespace Synth.Core.Tests.Output.Zip;

public class ZipEntryDataTests
{
    private static readonly byte[][] Pieces =
    [
        Encoding.UTF8.GetBytes("id,name\n"),
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => $"{i},name {i % 17}\n"))),
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(5000, 3000).Select(i => $"{i},name {i % 13}\n"))),
    ];

    [Fact]
    public void Deflated_pieces_made_apart_concatenate_into_one_deflate_stream_of_the_whole_content()
    {
        var data = new ZipEntryData(ZipMethod.Deflated);
        var output = new MemoryStream();
        foreach (var piece in Pieces) data.Append(piece, output);
        data.End(output);

        output.Position = 0;
        using var inflate = new DeflateStream(output, CompressionMode.Decompress);
        var content = new MemoryStream();
        inflate.CopyTo(content);

        var whole = Pieces.SelectMany(p => p).ToArray();
        content.ToArray().Should().Equal(whole);
        data.Length.Should().Be(whole.Length);
        data.CompressedLength.Should().Be(output.Length);
        data.Crc32.Should().Be(Crc32.HashToUInt32(whole));
    }

    [Fact]
    public void Stored_pieces_are_written_as_they_are()
    {
        var data = new ZipEntryData(ZipMethod.Stored);
        var output = new MemoryStream();
        foreach (var piece in Pieces) data.Append(piece, output);
        data.End(output);

        var whole = Pieces.SelectMany(p => p).ToArray();
        output.ToArray().Should().Equal(whole);
        data.CompressedLength.Should().Be(whole.Length);
        data.Crc32.Should().Be(Crc32.HashToUInt32(whole));
    }

    [Fact]
    public void An_archive_of_these_headers_reads_back_with_the_framework_zip_reader()
    {
        var archive = new MemoryStream();
        var entries = new List<ZipEntryInfo>();
        foreach (var (name, method) in new[] { ("a.csv", ZipMethod.Deflated), ("b.csv.gz", ZipMethod.Stored) })
        {
            var offset = archive.Position;
            var data = new ZipEntryData(method);
            var body = new MemoryStream();
            foreach (var piece in Pieces) data.Append(piece, body);
            data.End(body);
            var entry = data.Info(name, offset);
            archive.Write(ZipHeaders.LocalHeader(entry));
            body.WriteTo(archive);
            entries.Add(entry);
        }
        archive.Write(ZipHeaders.CentralDirectory(entries, archive.Position));

        archive.Position = 0;
        using var zip = new ZipArchive(archive, ZipArchiveMode.Read);
        zip.Entries.Select(e => e.FullName).Should().Equal("a.csv", "b.csv.gz");
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            var content = new MemoryStream();
            stream.CopyTo(content);
            content.ToArray().Should().Equal(Pieces.SelectMany(p => p).ToArray(), entry.FullName);
            entry.LastWriteTime.Year.Should().Be(1980, "times are fixed so the bytes depend on the content alone");
        }
    }
}
