using System.Text;
using Synth.Core.Datasets;
using Synth.Core.Schema;

namespace Synth.Cli;

/// <summary>
/// Reads the files the dataset commands take (a CSV, a domain, a fitted model), turning every
/// problem into <see cref="UsageException"/> lines that name the option and the file.
/// </summary>
public static class InputFiles
{
    /// <summary>Largest model file read, in bytes (models of real tables are kilobytes to a few megabytes). 512 MiB.</summary>
    private const int MaxModelBytes = 512 * 1024 * 1024;

    /// <summary>A CSV file; a malformed one names its line and column (<see cref="CsvDataException"/>).</summary>
    public static RawTable ReadCsv(string path, string option)
    {
        using var stream = Open(path, option);
        try
        {
            return RawTable.ReadCsv(stream);
        }
        catch (CsvDataException e)
        {
            throw new UsageException($"{option} {path}: {e.Message}");
        }
    }

    /// <summary>A domain in Synth's form or Private-PGM's (<c>{"column": size}</c>); every problem with its JSON path.</summary>
    public static DomainSpec ReadDomain(string path, string option)
    {
        string json;
        using (var stream = Open(path, option))
        {
            json = Encoding.UTF8.GetString(ReadBounded(stream, path, option, BoundedFile.MaxTextBytes));
        }
        try
        {
            return DomainSpec.FromJson(json);
        }
        catch (FormatException e)
        {
            throw new UsageException([.. e.Message.Split(Environment.NewLine).Select(line => $"{option} {path}: {line}")]);
        }
    }

    /// <summary>
    /// Every column the domain synthesises must be in the table (identifiers and free text are
    /// regenerated, not read; extra table columns are ignored). Checked before fitting so all the
    /// missing ones are reported at once, with what the file does have.
    /// </summary>
    public static void RequireColumns(RawTable table, DomainSpec domain, string dataPath, string option = "--data")
    {
        var present = new HashSet<string>(table.Header, StringComparer.Ordinal);
        var missing = domain.Columns.Where(c => c.IsSynthesized).Select(c => c.Name).Where(name => !present.Contains(name)).ToList();
        if (missing.Count == 0) return;
        throw new UsageException(
            $"{option} {dataPath}: no column {string.Join(", ", missing.Select(m => $"'{m}'"))} (the domain names {(missing.Count == 1 ? "it" : "them")}); " +
            $"the file has {string.Join(", ", table.Header)}");
    }

    /// <summary>A model written by <c>synth fit</c>; anything else is refused with the reason.</summary>
    public static TableModel ReadModel(string path, string option)
    {
        byte[] bytes;
        using (var stream = Open(path, option))
        {
            bytes = ReadBounded(stream, path, option, MaxModelBytes);
        }
        try
        {
            return TableModel.Load(bytes);
        }
        catch (FormatException e)
        {
            throw new UsageException($"{option} {path}: {e.Message}");
        }
    }

    private static byte[] ReadBounded(Stream stream, string path, string option, int maxBytes)
    {
        try
        {
            return BoundedFile.ReadAllBytes(stream, maxBytes);
        }
        catch (IOException e)
        {
            throw new UsageException($"{option} {path}: {e.Message}");
        }
    }

    public static FileStream Open(string path, string option)
    {
        if (Directory.Exists(path)) throw new UsageException($"{option}: '{path}' is a directory, not a file");
        if (!File.Exists(path)) throw new UsageException($"{option}: file not found: {path}");
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option}: cannot read '{path}': {e.Message}");
        }
    }
}
