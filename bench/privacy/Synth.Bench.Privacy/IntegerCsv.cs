using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Synth.Core.Privacy;

namespace Synth.Bench.Privacy;

/// <summary>Integer-coded CSV files and Private-PGM domain files (<c>{"column": size}</c>), as the Adult benchmark ships them.</summary>
internal static class IntegerCsv
{
    public static Domain ReadDomain(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new FormatException($"{path}: not a JSON object");
        var names = new List<string>();
        var sizes = new List<int>();
        foreach (var (name, value) in root)
        {
            names.Add(name);
            sizes.Add(value!.GetValue<int>());
        }
        return new Domain(names, sizes);
    }

    /// <summary>The columns of <paramref name="domain"/>, by header name, as an encoded table.</summary>
    public static EncodedTable Read(string path, Domain domain)
    {
        using var reader = new StreamReader(path);
        var header = (reader.ReadLine() ?? throw new FormatException($"{path}: empty")).Split(',');
        var positions = domain.Names.Select(n => Array.IndexOf(header, n)).ToArray();
        for (var a = 0; a < positions.Length; a++)
        {
            if (positions[a] < 0) throw new FormatException($"{path}: no column '{domain.Names[a]}'");
        }
        var columns = domain.Names.Select(_ => new List<int>()).ToArray();
        string? line;
        var number = 1;
        while ((line = reader.ReadLine()) is not null)
        {
            number++;
            if (line.Length == 0) continue;
            var fields = line.Split(',');
            for (var a = 0; a < positions.Length; a++)
            {
                if (!int.TryParse(fields[positions[a]], NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
                {
                    throw new FormatException($"{path}, line {number}: '{fields[positions[a]]}' is not an integer");
                }
                columns[a].Add(code);
            }
        }
        return new EncodedTable(domain, [.. columns.Select(c => c.ToArray())]);
    }

    public static void Write(string path, EncodedTable table)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', table.Domain.Names).Append('\n');
        for (var r = 0; r < table.Rows; r++)
        {
            for (var a = 0; a < table.Columns.Length; a++)
            {
                if (a > 0) text.Append(',');
                text.Append(table.Columns[a][r].ToString(CultureInfo.InvariantCulture));
            }
            text.Append('\n');
        }
        File.WriteAllText(path, text.ToString());
    }
}
