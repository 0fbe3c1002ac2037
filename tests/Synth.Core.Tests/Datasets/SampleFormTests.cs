using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Data.Sqlite;
using Synth.Core.Datasets;
using Synth.Core.Formats;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Synthesizers;
using Synth.Core.Tests.Formats.Parquet;

namespace Synth.Core.Tests.Datasets;

/// <summary>
/// Rows sampled from a model of the customers table look like its rows in every output format:
/// ids of the source's shape (new, unique), two decimals, plain dates, the source's datetime
/// formats and offset, exact category spellings, integers, missing values.
/// </summary>
public class SampleFormTests
{
    private const int SampleRows = 3_000;
    private const ulong Seed = 11;

    private static readonly Lazy<(RawTable Source, TableModel Model)> Fitted = new(() =>
    {
        var table = CustomersTable.Read();
        var domain = DatasetProfiler.DraftDomain(DatasetProfiler.Profile(table), table);
        return (table, TableModel.Fit(table, domain, new NonPrivateSynthesizer(), PrivacyBudget.Infinite));
    });

    // Per column: what every present value must look like, and whether some must be missing.
    private static readonly Dictionary<string, (Regex Shape, bool SomeMissing)> Expected = new()
    {
        ["customer_id"] = (new Regex(@"^C\d{9}$"), false),
        ["plan"] = (new Regex("^(Basic|Pro|ENTERPRISE|pro-Legacy)$"), false),
        ["age"] = (new Regex(@"^\d+$"), true),
        ["income"] = (new Regex(@"^\d+\.\d{2}$"), true),
        ["monthly_fee"] = (new Regex(@"^\d+\.\d{2}$"), false),
        ["signup_date"] = (new Regex(@"^\d{4}-\d{2}-\d{2}$"), false),
        ["last_login"] = (new Regex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"), false),
        ["renewal_at"] = (new Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+02:00$"), false),
        ["country"] = (new Regex("^(DE|fr)$"), true),
    };

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    [InlineData("json")]
    [InlineData("jsonl")]
    [InlineData("xml")]
    public void Every_text_format_writes_the_sources_form(string format)
    {
        var columns = format switch
        {
            "csv" or "tsv" => Delimited(Write(format)),
            "json" => Json(JsonDocument.Parse(Write(format)).RootElement.EnumerateArray()),
            "jsonl" => Json(Encoding.UTF8.GetString(Write(format)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)),
            _ => Xml(Write(format)),
        };

        AssertForm(columns);
    }

    [Fact]
    public void Sql_loads_into_sqlite_with_the_sources_form()
    {
        var script = Encoding.UTF8.GetString(Write("sql", new FormatOptions { SqlDialect = SqlDialect.Sqlite }));
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var load = connection.CreateCommand())
        {
            load.CommandText = script;
            load.ExecuteNonQuery();
        }
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT * FROM data";
        using var reader = query.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, _ => new List<string?>());
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                // Real numbers come back as doubles: printed with two decimals when they have at most two.
                columns[reader.GetName(i)].Add(reader.IsDBNull(i) ? null : reader.GetValue(i) switch
                {
                    double d when Math.Round(d, 2) == d => d.ToString("F2", CultureInfo.InvariantCulture),
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    var v => Convert.ToString(v, CultureInfo.InvariantCulture),
                });
            }
        }

        AssertForm(columns);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void Parquet_types_dates_as_dates_and_keeps_the_sources_form()
    {
        var file = Path.Combine(Path.GetTempPath(), $"synth-form-{Guid.NewGuid():N}.parquet");
        try
        {
            File.WriteAllBytes(file, Write("parquet"));

            var types = ParquetNodeReader.Describe(file).ToDictionary(c => c.Name, c => c.Type);
            types["signup_date"].Should().Be("DATE");
            types["age"].Should().Be("BIGINT");
            types["income"].Should().Be("DOUBLE");
            types["customer_id"].Should().Be("VARCHAR");
            var names = types.Keys.ToList();
            var columns = names.ToDictionary(n => n, _ => new List<string?>());
            foreach (var row in ParquetNodeReader.ReadRows(file, "duckdb"))
            {
                for (var i = 0; i < names.Count; i++)
                {
                    columns[names[i]].Add(row[i].ValueKind switch
                    {
                        JsonValueKind.Null => null,
                        JsonValueKind.Number when names[i] is "income" or "monthly_fee" => row[i].GetDouble().ToString("F2", CultureInfo.InvariantCulture),
                        JsonValueKind.Number => row[i].GetRawText(),
                        _ => row[i].GetString(),
                    });
                }
            }
            columns["income"].Where(v => v is not null).Should().OnlyContain(v => Math.Round(double.Parse(v!, CultureInfo.InvariantCulture), 2) == double.Parse(v!, CultureInfo.InvariantCulture));

            AssertForm(columns);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_sample_profiles_back_to_the_same_forms()
    {
        var (source, _) = Fitted.Value;
        var sample = RawTable.ReadCsv(new MemoryStream(Write("csv")));

        var sourceForms = DatasetProfiler.DraftDomain(DatasetProfiler.Profile(source), source).Columns.Select(c => (c.Name, c.Kind, c.Form));
        var sampleForms = DatasetProfiler.DraftDomain(DatasetProfiler.Profile(sample), sample).Columns.Select(c => (c.Name, c.Kind, c.Form));

        sampleForms.Should().Equal(sourceForms);
    }

    [Fact]
    public void Sampled_identifiers_are_unique_and_none_is_a_source_identifier()
    {
        var (source, _) = Fitted.Value;
        var sourceIds = source.Columns[0].ToHashSet();

        var ids = Delimited(Write("csv"))["customer_id"];

        ids.Should().OnlyHaveUniqueItems().And.HaveCount(SampleRows);
        ids.Should().NotContain(id => sourceIds.Contains(id));
    }

    private static void AssertForm(IReadOnlyDictionary<string, List<string?>> columns)
    {
        columns.Keys.Should().BeEquivalentTo(Expected.Keys);
        foreach (var (name, (shape, someMissing)) in Expected)
        {
            var values = columns[name];
            values.Should().HaveCount(SampleRows, name);
            values.Where(v => v is not null).Should().OnlyContain(v => shape.IsMatch(v!), $"every {name} looks like the source's");
            if (someMissing) values.Should().Contain((string?)null, $"{name} has missing values in the source");
            else values.Should().NotContainNulls($"{name} has no missing value in the source");
        }
        columns["customer_id"].Should().OnlyHaveUniqueItems();
    }

    private static byte[] Write(string formatName, FormatOptions? options = null)
    {
        using var output = new MemoryStream();
        new SampleFileWriter(Fitted.Value.Model, OutputFormats.Create(formatName, options ?? new FormatOptions())).Write(SampleRows, Seed, output);
        return output.ToArray();
    }

    private static Dictionary<string, List<string?>> Delimited(byte[] bytes)
    {
        var table = RawTable.ReadCsv(new MemoryStream(bytes));
        return table.Header.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => table.Columns[p.i].ToList());
    }

    private static Dictionary<string, List<string?>> Json(IEnumerable<JsonElement> rows)
    {
        var columns = Expected.Keys.ToDictionary(k => k, _ => new List<string?>());
        foreach (var row in rows)
        {
            foreach (var (name, values) in columns)
            {
                var value = row.GetProperty(name);
                values.Add(value.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => value.GetString(),
                    _ => value.GetRawText(),
                });
            }
        }
        return columns;
    }

    private static Dictionary<string, List<string?>> Xml(byte[] bytes)
    {
        var columns = Expected.Keys.ToDictionary(k => k, _ => new List<string?>());
        foreach (var row in XDocument.Load(new MemoryStream(bytes)).Root!.Elements())
        {
            // A missing value is an omitted element.
            foreach (var (name, values) in columns) values.Add(row.Element(name)?.Value);
        }
        return columns;
    }
}
