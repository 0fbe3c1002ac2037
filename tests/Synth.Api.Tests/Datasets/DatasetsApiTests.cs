using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Datasets;

/// <summary><c>/datasets</c>: upload and profile a CSV, confirm its domain, read its budget; bad uploads store nothing.</summary>
public sealed class DatasetsApiTests(SynthApiFactory factory) : IClassFixture<SynthApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string People(int rows) =>
        "id,sex,age\n" + string.Join("\n", Enumerable.Range(0, rows).Select(i => $"{i + 100},{(i % 3 == 0 ? "F" : "M")},{20 + i % 50}")) + "\n";

    private Task<HttpResponseMessage> UploadAsync(string csv, string query = "?name=people&epsilon=2&delta=1e-8") =>
        _client.PostAsync("/datasets" + query, new StringContent(csv, Encoding.UTF8, "text/csv"));

    private int StoredDatasetFiles() =>
        Directory.Exists(Path.Combine(factory.Data.Path, "artifacts", "datasets"))
            ? Directory.GetFiles(Path.Combine(factory.Data.Path, "artifacts", "datasets"), "*", SearchOption.AllDirectories).Length
            : 0;

    [Fact]
    public async Task An_uploaded_csv_is_stored_profiled_and_given_its_budget()
    {
        var response = await UploadAsync(People(300));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await response.ReadJsonAsync();
        var id = created.GetProperty("dataset").GetProperty("id").GetString()!;
        response.Headers.Location!.ToString().Should().Be($"/datasets/{id}");
        created.GetProperty("dataset").GetProperty("rows").GetInt32().Should().Be(300);
        created.GetProperty("dataset").GetProperty("domainConfirmed").GetBoolean().Should().BeFalse();
        created.GetProperty("budget").GetProperty("epsilon").GetDouble().Should().Be(2);
        created.GetProperty("budget").GetProperty("remainingRho").GetDouble().Should().BeGreaterThan(0);

        var profile = await (await _client.GetAsync($"/datasets/{id}/profile")).ReadJsonAsync();
        profile.GetProperty("profile").GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("kind").GetString())
            .Should().Equal("Identifier", "Categorical", "Integer");
        profile.GetProperty("domain").GetProperty("columns")[2].GetProperty("min").GetString().Should().Be("20");
        var budget = await (await _client.GetAsync($"/datasets/{id}/budget")).ReadJsonAsync();
        budget.GetProperty("ledger").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task A_multipart_file_upload_works_like_a_raw_body()
    {
        using var form = new MultipartFormDataContent();
        var file = new StringContent(People(50), Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "people.csv");

        var response = await _client.PostAsync("/datasets", form);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        (await response.ReadJsonAsync()).GetProperty("dataset").GetProperty("rows").GetInt32().Should().Be(50);
    }

    [Fact]
    public async Task A_malformed_csv_is_a_422_naming_line_and_column_and_nothing_is_stored()
    {
        var before = StoredDatasetFiles();

        var response = await UploadAsync("a,b\n1,2\n3,\"open\n");

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await response.ReadJsonAsync();
        problem.GetProperty("detail").GetString().Should().Be("the CSV is malformed at line 3, column 3: a quoted field is never closed (missing \")");
        StoredDatasetFiles().Should().Be(before);
    }

    [Theory]
    [InlineData("?epsilon=0", "epsilon")]
    [InlineData("?epsilon=-1", "epsilon")]
    [InlineData("?delta=1", "delta")]
    public async Task A_bad_budget_is_a_400_naming_the_parameter(string query, string field)
    {
        var response = await UploadAsync(People(10), query);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
    }

    [Fact]
    public async Task Another_content_type_is_a_415()
    {
        var response = await _client.PostAsync("/datasets", new StringContent("<x/>", Encoding.UTF8, "application/xml"));

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task The_owner_confirms_a_domain_and_an_unusable_one_is_a_422_with_every_problem_by_path()
    {
        var id = (await (await UploadAsync(People(100))).ReadJsonAsync()).GetProperty("dataset").GetProperty("id").GetString()!;
        var draft = await (await _client.GetAsync($"/datasets/{id}/domain")).Content.ReadAsStringAsync();

        var bad = await _client.PutAsync($"/datasets/{id}/domain", new StringContent(
            """{"columns": [{"name": "sex", "kind": "Categorical"}, {"name": "height", "kind": "Integer", "min": "1", "max": "2", "bins": 4}]}""", Encoding.UTF8, "application/json"));
        var good = await _client.PutAsync($"/datasets/{id}/domain", new StringContent(draft, Encoding.UTF8, "application/json"));

        bad.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var errors = (await bad.ReadJsonAsync()).GetProperty("errors");
        errors.GetProperty("$.columns[0].categories")[0].GetString().Should().Contain("at least one category");
        errors.GetProperty("$.columns[1].name")[0].GetString().Should().Contain("no column 'height'");
        good.StatusCode.Should().Be(HttpStatusCode.OK);
        (await good.ReadJsonAsync()).GetProperty("domainConfirmed").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_are_404_and_400_and_delete_removes_the_csv()
    {
        var id = (await (await UploadAsync(People(20))).ReadJsonAsync()).GetProperty("dataset").GetProperty("id").GetString()!;

        (await _client.GetAsync("/datasets/d00000000000000000000")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _client.GetAsync("/datasets/nope")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await _client.DeleteAsync($"/datasets/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await _client.GetAsync($"/datasets/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        Directory.Exists(Path.Combine(factory.Data.Path, "artifacts", "datasets", id)).Should().BeFalse();
    }
}
