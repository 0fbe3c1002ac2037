using System.Globalization;
using System.Text;
using CsvHelper;
using Synth.Core.Formats;

namespace Synth.Core.Tests.Formats.Text;

[Trait("Category", "Integration")]
public class SqlFormatPostgresTests(PostgresScratchDatabase database) : IClassFixture<PostgresScratchDatabase>
{
    [Fact]
    public async Task Postgres_script_loads_with_psql_into_an_empty_database_with_identical_values()
    {
        var uri = database.Uri;
        var rows = SampleTable.Rows();
        var file = Path.Combine(Path.GetTempPath(), $"synth-{Guid.NewGuid():N}.sql");
        try
        {
            await File.WriteAllBytesAsync(file, FormatRunner.Run(SqlFormatTests.Sql(SqlDialect.Postgres, rowsPerInsert: 16), rows, 9, 40, 21));
            await database.RunAsync("-f", file);
        }
        finally
        {
            File.Delete(file);
        }

        var types = await database.RunAsync("-At", "-c",
            "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'data'");
        types.Trim().Should().Be(
            "id bigint, amount double precision, score double precision, flag boolean, created_at timestamp without time zone, " +
            "day date, uid uuid, note text, status text");

        // COPY … CSV with an explicit NULL marker keeps nulls apart from empty strings.
        var csv = await database.RunAsync("-c",
            "COPY (SELECT id, amount, score, flag, to_char(created_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), to_char(day, 'YYYY-MM-DD'), " +
            "uid, note, status FROM data ORDER BY id) TO STDOUT WITH (FORMAT csv, NULL '<null>')");
        using var reader = CsvReader.FromText(csv, new CsvReaderOptions { Separator = ',', HasHeader = false });
        var actual = new List<SampleRow>();
        while (reader.Read())
        {
            actual.Add(new SampleRow(
                long.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
                Nullable(reader.GetString(1), SampleTable.ParseDouble),
                Nullable(reader.GetString(2), SampleTable.ParseDouble),
                Nullable(reader.GetString(3), t => t == "t"),
                Nullable(reader.GetString(4), SampleTable.ParseInstant),
                Nullable(reader.GetString(5), SampleTable.ParseDay),
                Nullable(reader.GetString(6), Guid.Parse),
                NullableText(reader.GetString(7)),
                NullableText(reader.GetString(8))));
        }

        actual.Should().BeEquivalentTo(rows, o => o.WithStrictOrdering());
    }

    private static T? Nullable<T>(string text, Func<string, T> parse) where T : struct => text == "<null>" ? null : parse(text);

    private static string? NullableText(string text) => text == "<null>" ? null : text;
}
