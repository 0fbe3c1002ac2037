// Usage: Synth.Bench.Bogus ROWS OUT
// Writes ROWS rows of the seed example as CSV (header + rows) to OUT and prints one JSON line:
// {"peer":"bogus","rows":N,"seconds":S,"rows_per_sec":R}. Single-threaded, seed 42.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Synth.Bench.Bogus;

if (args.Length != 2 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rows) || rows <= 0)
{
    Console.Error.WriteLine("usage: Synth.Bench.Bogus ROWS OUT   (ROWS: positive integer; OUT: CSV file path)");
    return 2;
}

var output = args[1];
var clock = Stopwatch.StartNew();
var faker = SeedRowFaker.Create(seed: 42);

using (var stream = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 20))
{
    writer.NewLine = "\n";
    writer.WriteLine("id,name,email,income,created_at,status");
    foreach (var row in faker.GenerateLazy(rows))
    {
        writer.Write(row.Id.ToString(CultureInfo.InvariantCulture));
        writer.Write(',');
        CsvField.Write(writer, row.Name);
        writer.Write(',');
        CsvField.Write(writer, row.Email);
        writer.Write(',');
        writer.Write(row.Income.ToString("F2", CultureInfo.InvariantCulture));
        writer.Write(',');
        writer.Write(row.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        writer.Write(',');
        writer.WriteLine(row.Status);
    }
}

clock.Stop();
var seconds = clock.Elapsed.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"peer\":\"bogus\",\"rows\":{rows},\"seconds\":{seconds:F3},\"rows_per_sec\":{rows / seconds:F0}}}"));
return 0;
