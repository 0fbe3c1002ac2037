using System.Net;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Status;

public sealed class StatusApiTests(SynthApiFactory factory) : IClassFixture<SynthApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Status_names_the_service_the_embedded_mode_and_the_one_live_silo()
    {
        var status = await (await _client.GetAsync("/status")).ReadJsonAsync();

        status.GetProperty("service").GetString().Should().Be("synth");
        status.GetProperty("version").GetString().Should().NotBeNullOrEmpty();
        status.GetProperty("mode").GetString().Should().Be("embedded");
        status.GetProperty("uptimeSeconds").GetDouble().Should().BeGreaterThanOrEqualTo(0);
        status.GetProperty("silos").EnumerateArray().Where(s => s.GetProperty("status").GetString() == "Active").Should().HaveCount(1);
    }

    [Fact]
    public async Task Status_lists_the_silo_from_Orleans_membership_with_its_activations()
    {
        await _client.GetAsync("/jobs"); // at least the job index is active

        var silo = (await (await _client.GetAsync("/status")).ReadJsonAsync()).GetProperty("silos").EnumerateArray().Single();

        silo.GetProperty("address").GetString().Should().StartWith("127.0.0.1:", "the embedded silo listens on loopback only");
        silo.GetProperty("activations").GetInt32().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task The_Orleans_dashboard_is_served_under_orleans()
    {
        var response = await _client.GetAsync("/orleans/");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("<title>Orleans Dashboard</title>");
    }

    [Fact]
    public async Task The_embedded_server_keeps_its_database_and_artifacts_in_the_data_directory()
    {
        (await _client.GetAsync("/status")).EnsureSuccessStatusCode();

        File.Exists(factory.Data.File("cluster.db")).Should().BeTrue();
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Health_endpoints_answer_healthy_as_json(string path)
    {
        var response = await _client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var health = await response.ReadJsonAsync();
        health.GetProperty("status").GetString().Should().Be("Healthy");
        health.GetProperty("checks").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_endpoint()
    {
        var document = await (await _client.GetAsync("/openapi/v1.json")).ReadJsonAsync();

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().Contain(["/jobs", "/jobs/{id}", "/jobs/{id}/cancel", "/jobs/{id}/download", "/jobs/{id}/events",
            "/generate", "/schemas", "/schemas/validate", "/schemas/{id}", "/status"]);
        var submit = document.GetProperty("paths").GetProperty("/jobs").GetProperty("post");
        submit.GetProperty("requestBody").ToString().Should().Contain("SubmitJobRequest");
        submit.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["202", "400", "409", "413", "415", "422"]);
    }

    [Fact]
    public async Task Swagger_UI_is_served()
    {
        var response = await _client.GetAsync("/swagger/index.html");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("swagger");
    }

    [Fact]
    public async Task An_unknown_path_is_a_404_problem()
    {
        await (await _client.GetAsync("/no/such/thing")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
