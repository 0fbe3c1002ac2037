using System.CommandLine;
using Synth.Core.Datasets;

namespace Synth.Cli.Commands;

/// <summary>
/// <c>synth profile</c>: reads a CSV, infers each column's kind and writes the draft domain for
/// the owner to check and edit before fitting a private model (the domain is treated as public).
/// </summary>
public static class ProfileCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data", "-d") { Description = "The CSV to profile (header line; encoding and delimiter are detected)", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the draft domain (JSON); default standard output" };
        var command = new Command("profile", "Profile a CSV: each column's kind, missing values and range, and a draft domain to confirm") { data, output };
        command.SetAction(r => Run(r.GetValue(data)!, r.GetValue(output)));
        return command;
    }

    private static int Run(string path, string? output)
    {
        var table = InputFiles.ReadCsv(path, "--data");
        var profile = DatasetProfiler.Profile(table);
        var domain = DatasetProfiler.DraftDomain(profile, table);
        Console.Error.WriteLine($"{path}: {profile.Rows:N0} rows, {profile.Columns.Count} columns");
        foreach (var column in profile.Columns)
        {
            var range = column.Min is null ? "" : $", {column.Min} .. {column.Max}";
            var missing = column.Missing > 0 ? $", {column.Missing:N0} missing" : "";
            var note = column.Kind is ColumnKind.Identifier or ColumnKind.Text ? " (not synthesised)" : "";
            Console.Error.WriteLine($"  {column.Name}: {column.Kind.ToString().ToLowerInvariant()}, {column.Distinct:N0} distinct{range}{missing}{note}");
        }
        if (output is null) Console.WriteLine(domain.ToJson());
        else AtomicFile.WriteAllText(output, domain.ToJson() + Environment.NewLine);
        return ExitCodes.Ok;
    }
}
